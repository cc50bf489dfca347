-- Supplies the master key for the current transaction. The key itself is not kept: the
-- key-encryption key derived from it goes into this session's keyring, which only the
-- encryption functions can read and which is emptied when the transaction ends.
-- Pass the key as a query parameter, never as a literal: literals reach the server log
-- (log_statement), pg_stat_activity and pg_stat_statements.
CREATE OR REPLACE FUNCTION governance.unlock(master_key text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    kek    record := governance.encryption_master_kek('governance.unlock', master_key);
    stored bytea := (SELECT v.verifier FROM governance.master_key_verifier v);
BEGIN
    IF stored <> governance.encryption_verifier(kek.mac_key) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_password',
            MESSAGE = 'governance.unlock: wrong master key',
            HINT = 'The database was set up with another master key; nothing was unlocked.';
    END IF;
    PERFORM governance.encryption_keyring(true);
    -- Keys unwrapped under an earlier unlock of this transaction are dropped with it.
    DELETE FROM pg_temp.governance_unlocked_keys;
    INSERT INTO pg_temp.governance_unlocked_keys (kind, enc_key, mac_key) VALUES ('kek', kek.enc_key, kek.mac_key);
END
$$;

COMMENT ON FUNCTION governance.unlock(text) IS
    'Supplies the master key for the current transaction (pass it as a parameter); a wrong key is refused';

GRANT EXECUTE ON FUNCTION governance.unlock(text) TO governance_admin, governance_dpo, governance_app;
