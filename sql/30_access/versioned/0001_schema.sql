CREATE SCHEMA access;
COMMENT ON SCHEMA access IS 'pg-governance: RBAC (roles, permissions, hierarchy), ABAC (attributes, JSON policies), RLS helpers';
GRANT USAGE ON SCHEMA access TO governance_admin, governance_dpo, governance_auditor, governance_app;
