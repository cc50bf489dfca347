CREATE OR REPLACE FUNCTION governance.current_roles()
RETURNS text[]
LANGUAGE sql STABLE
AS $$ SELECT governance.context_value(3)::pg_catalog.text[] $$;

COMMENT ON FUNCTION governance.current_roles() IS
    'The application roles set by governance.set_context in this transaction, else NULL';

GRANT EXECUTE ON FUNCTION governance.current_roles()
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
