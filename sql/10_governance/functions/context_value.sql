-- One value of the context, as governance.context_values gives it (1 actor, 2 tenant,
-- 3 roles as text, 4 purpose), for the readers that need one (current_tenant(), ...):
-- a gateway's statement reads that one setting, not all four. Plain SQL, inlined: the
-- constant item folds into the setting's name.
CREATE OR REPLACE FUNCTION governance.context_value(item integer)
RETURNS text
LANGUAGE sql STABLE
AS $$
    SELECT CASE WHEN governance.context_unsealed()
                THEN NULLIF(pg_catalog.current_setting(
                         (ARRAY['governance.actor', 'governance.tenant', 'governance.roles', 'governance.purpose'])[item], true), '')
                ELSE (governance.sealed_context_values())[item] END
$$;

COMMENT ON FUNCTION governance.context_value(integer) IS
    'One value of the context set by governance.set_context (1 actor, 2 tenant, 3 roles as text, 4 purpose), as governance.context_values reads it';

GRANT EXECUTE ON FUNCTION governance.context_value(integer)
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
