CREATE OR REPLACE FUNCTION governance.version()
RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$ SELECT version FROM governance.installation $$;

COMMENT ON FUNCTION governance.version() IS 'The installed release of pg-governance';

GRANT EXECUTE ON FUNCTION governance.version()
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
