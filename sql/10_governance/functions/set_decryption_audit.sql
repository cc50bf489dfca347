-- Opt-in audit of decryptions: with it on, every value decrypted with the key (decrypt,
-- decrypt_bytea, the decrypted views, reencrypt) adds a row to audit.events through
-- audit.log_event: who (role), which key, version and data key, in the caller's
-- transaction. It costs one audit row per value, so it is off by default.
CREATE OR REPLACE FUNCTION governance.set_decryption_audit(key_name text, enabled boolean DEFAULT true)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    k_id integer := governance.encryption_key_id('governance.set_decryption_audit', key_name);
BEGIN
    IF enabled IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = 'governance.set_decryption_audit: enabled must be true or false';
    END IF;
    IF enabled AND pg_catalog.to_regprocedure('audit.log_event(text, text, text, text, jsonb, boolean, integer)') IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state',
            MESSAGE = 'governance.set_decryption_audit: audit.log_event is not installed',
            HINT = 'Install the audit module of pg-governance first.';
    END IF;
    UPDATE governance.keys k SET audit_decryption = enabled WHERE k.id = k_id;
    -- Keys cached by this transaction carry the old setting.
    IF governance.encryption_keyring(false) THEN
        DELETE FROM pg_temp.governance_unlocked_keys kr WHERE kr.key_id = k_id;
    END IF;
END
$$;

COMMENT ON FUNCTION governance.set_decryption_audit(text, boolean) IS
    'Turns on (or off) writing every decryption with a key to audit.events';

GRANT EXECUTE ON FUNCTION governance.set_decryption_audit(text, boolean) TO governance_admin;
