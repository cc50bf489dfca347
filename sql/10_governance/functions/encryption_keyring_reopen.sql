-- Puts back what governance.encryption_keyring_close took, once the application code has
-- run. That code ran as pg-governance's owner, so it could have dropped the keyring and
-- created its own of the same name, or granted the keyring to another role: the keys go
-- back only into the very table they came from, still granted to nobody. Otherwise the
-- transaction fails (and rolls the keyring back to what it was, unread).
CREATE OR REPLACE FUNCTION governance.encryption_keyring_reopen(fn text, keyring oid, entries jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF keyring IS NULL THEN
        RETURN;
    END IF;
    IF pg_catalog.to_regclass('pg_temp.governance_unlocked_keys') IS DISTINCT FROM keyring
       OR (SELECT c.relacl FROM pg_catalog.pg_class c WHERE c.oid = keyring) IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = pg_catalog.format('%s: the session''s keyring was replaced or granted while the table''s code ran', fn),
            HINT = 'A trigger, default or policy of the table tampered with pg-governance''s keyring; nothing was changed.';
    END IF;
    INSERT INTO pg_temp.governance_unlocked_keys
    SELECT * FROM pg_catalog.jsonb_populate_recordset(NULL::pg_temp.governance_unlocked_keys, entries);
END
$$;

COMMENT ON FUNCTION governance.encryption_keyring_reopen(text, oid, jsonb) IS
    'Internal: puts back the keyring entries encryption_keyring_close took, refusing a replaced or granted keyring';
