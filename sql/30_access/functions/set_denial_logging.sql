CREATE OR REPLACE FUNCTION access.set_denial_logging(enabled boolean)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
BEGIN
    IF enabled IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = 'access.set_denial_logging: enabled must be true or false';
    END IF;
    UPDATE access.settings SET log_denials = enabled;
    -- Tell the caller whether the switch will have an effect.
    RETURN enabled AND pg_catalog.to_regprocedure('audit.log_event(text,text,text,text,jsonb,boolean,integer)') IS NOT NULL;
END
$$;

COMMENT ON FUNCTION access.set_denial_logging(boolean) IS
    'Switches logging of denied decisions (check_permission, evaluate) to audit.events; returns whether they will be logged (false while audit is not installed)';

GRANT EXECUTE ON FUNCTION access.set_denial_logging(boolean) TO governance_admin;
