-- The privacy schema is shared by several capabilities (erasure and export, consent and
-- requests, differential privacy); each adds its own versioned files in its own range
-- of numbers (see docs/development.md).
CREATE SCHEMA privacy;
COMMENT ON SCHEMA privacy IS 'pg-governance: data subjects, consent, requests, erasure and export, CCPA, HIPAA, differential privacy';
GRANT USAGE ON SCHEMA privacy TO governance_admin, governance_dpo, governance_auditor, governance_app;
