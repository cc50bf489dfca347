-- The audit trail: row changes captured by triggers, application events, the hash chain
-- that makes both tamper-evident, and retention. Only the auditor reads it; nobody
-- writes it except the functions of this schema (see docs/audit.md).
CREATE SCHEMA audit;
COMMENT ON SCHEMA audit IS 'pg-governance: change audit trail, application events, hash chain, retention';
GRANT USAGE ON SCHEMA audit TO governance_admin, governance_dpo, governance_auditor, governance_app;
