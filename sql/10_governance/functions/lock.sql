CREATE OR REPLACE FUNCTION governance.lock()
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
BEGIN
    IF governance.encryption_keyring(false) THEN
        DELETE FROM pg_temp.governance_unlocked_keys;
    END IF;
END
$$;

COMMENT ON FUNCTION governance.lock() IS
    'Forgets the master key and unwrapped keys before the transaction ends (they are forgotten at its end anyway)';

GRANT EXECUTE ON FUNCTION governance.lock() TO governance_admin, governance_dpo, governance_app;
