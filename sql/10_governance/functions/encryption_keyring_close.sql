-- Empties the session's keyring while application code may run as pg-governance's owner:
-- the triggers, defaults and constraints that encrypt_column and reencrypt fire with their
-- UPDATE, the policies read_phi evaluates. Such code runs with the owner's rights and
-- could otherwise read the key-encryption key that governance.unlock left there (and
-- with it every data key) or call governance.decrypt. The trust rule keeps untrusted
-- roles' code out; this keeps even the trusted application owner's code from the keys.
-- Returns what was taken, for governance.encryption_keyring_reopen; NULL when the
-- session has no keyring. The entries travel in the caller's PL/pgSQL variable, which
-- no other code can read.
CREATE OR REPLACE FUNCTION governance.encryption_keyring_close(OUT keyring oid, OUT entries jsonb)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT governance.encryption_keyring(false) THEN
        RETURN;
    END IF;
    keyring := pg_catalog.to_regclass('pg_temp.governance_unlocked_keys');
    WITH taken AS (DELETE FROM pg_temp.governance_unlocked_keys k RETURNING k.*)
    SELECT COALESCE(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(t.*)), '[]') INTO entries FROM taken t;
END
$$;

COMMENT ON FUNCTION governance.encryption_keyring_close() IS
    'Internal: empties the session keyring while application code runs; returns its entries for encryption_keyring_reopen';
