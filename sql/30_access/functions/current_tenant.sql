-- Tenant isolation policies created by earlier versions call this name; new ones call
-- governance.current_tenant() directly. Plain SQL, so the planner inlines it to the same
-- expression.
CREATE OR REPLACE FUNCTION access.current_tenant()
RETURNS text
LANGUAGE sql STABLE
AS $$ SELECT governance.current_tenant() $$;

COMMENT ON FUNCTION access.current_tenant() IS
    'Alias of governance.current_tenant() for tenant isolation policies created by earlier versions';

GRANT EXECUTE ON FUNCTION access.current_tenant() TO governance_admin, governance_dpo, governance_auditor, governance_app;
