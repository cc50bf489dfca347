-- The context of this transaction, all four values with one seal check
-- (governance.context_values); all NULL when unset, 42501 when forged.
CREATE OR REPLACE FUNCTION governance.session_context(
    OUT actor text, OUT tenant text, OUT roles text[], OUT purpose text)
LANGUAGE plpgsql STABLE
AS $$
DECLARE
    v text[] := governance.context_values();
BEGIN
    actor   := v[1];
    tenant  := v[2];
    roles   := v[3]::pg_catalog.text[];
    purpose := v[4];
END
$$;

COMMENT ON FUNCTION governance.session_context() IS
    'The actor, tenant, roles and purpose set by governance.set_context in this transaction (all NULL when unset); a forged context raises 42501';

GRANT EXECUTE ON FUNCTION governance.session_context()
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
