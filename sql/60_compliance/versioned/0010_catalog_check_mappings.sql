-- A check can count for more than its own framework: the TLS, logging and access checks
-- of the security scan are SOC 2 controls too (CC6.1, CC6.7, CC7.2). run_checks of a
-- framework runs its own checks and the ones mapped to it, each under the mapped control;
-- scores and trends count them in both. Seeded by seeds/checks_soc2.sql (after the
-- checks it names exist); written by the owner only, like compliance.checks.
CREATE TABLE compliance.check_mappings (
    check_id  text NOT NULL REFERENCES compliance.checks (id) ON DELETE CASCADE,
    framework text NOT NULL CHECK (framework IN ('gdpr', 'ccpa', 'hipaa', 'soc2', 'security')),
    control   text NOT NULL CHECK (control <> ''),
    PRIMARY KEY (check_id, framework)
);
ALTER TABLE compliance.check_mappings ENABLE ROW LEVEL SECURITY;

INSERT INTO governance.reference_tables (table_name, reason) VALUES
    ('compliance.check_mappings', 'built-in check registry');

GRANT SELECT ON compliance.check_mappings TO governance_admin, governance_dpo, governance_auditor;
