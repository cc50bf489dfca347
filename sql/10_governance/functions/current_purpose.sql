CREATE OR REPLACE FUNCTION governance.current_purpose()
RETURNS text
LANGUAGE sql STABLE
AS $$ SELECT governance.context_value(4) $$;

COMMENT ON FUNCTION governance.current_purpose() IS
    'The purpose of processing set by governance.set_context in this transaction, else NULL';

GRANT EXECUTE ON FUNCTION governance.current_purpose()
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
