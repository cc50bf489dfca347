-- Writes a denied decision to audit.events, when denial logging is on and the audit
-- module is installed. Off by default, and then it costs one row read.
-- The audit function is looked up by signature and called through EXECUTE, so this
-- module installs and works without the audit module.
CREATE OR REPLACE FUNCTION access.log_denial(
    decided_by text, user_id text, action text, resource_type text, resource_id text, details jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
BEGIN
    IF NOT (SELECT s.log_denials FROM access.settings s)
       OR pg_catalog.to_regprocedure('audit.log_event(text,text,text,text,jsonb,boolean,integer)') IS NULL THEN
        RETURN;
    END IF;
    EXECUTE 'SELECT audit.log_event($1, $2, $3, $4, $5, false, NULL)'
      USING 'access_denied', action, resource_type, resource_id,
            pg_catalog.jsonb_build_object('decided_by', decided_by, 'user_id', user_id)
            || COALESCE(details, '{}'::jsonb);
END
$$;

COMMENT ON FUNCTION access.log_denial(text, text, text, text, text, jsonb) IS
    'Internal: records a denied access decision in audit.events when denial logging is on and audit is installed';
