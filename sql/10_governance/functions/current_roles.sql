CREATE OR REPLACE FUNCTION governance.current_roles()
RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$ SELECT governance.context_setting('roles')::text[] $$;

COMMENT ON FUNCTION governance.current_roles() IS
    'The application roles set by governance.set_context in this transaction, else NULL';

GRANT EXECUTE ON FUNCTION governance.current_roles()
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
