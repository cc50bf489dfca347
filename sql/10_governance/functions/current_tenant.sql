-- Plain SQL so that the planner inlines it into the caller: the checks are in
-- governance.context_value().
CREATE OR REPLACE FUNCTION governance.current_tenant()
RETURNS text
LANGUAGE sql STABLE
AS $$ SELECT governance.context_value(2) $$;

COMMENT ON FUNCTION governance.current_tenant() IS
    'The tenant set by governance.set_context in this transaction, else NULL';

GRANT EXECUTE ON FUNCTION governance.current_tenant()
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
