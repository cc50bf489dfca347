-- Compliance monitoring: a registry of checks that inspect the real catalog, server
-- configuration and governance data; waivers for accepted risks; snapshots for trends.
CREATE SCHEMA compliance;
COMMENT ON SCHEMA compliance IS 'pg-governance: compliance checks (GDPR, CCPA, HIPAA, SOC 2), security configuration scan, reports';
GRANT USAGE ON SCHEMA compliance TO governance_admin, governance_dpo, governance_auditor, governance_app;

-- One row per check. `query` returns one row per offending object (its columns become the
-- evidence); no rows means the control is met. The requires_* columns say what the query
-- needs: a missing relation or function means the module it belongs to is not installed
-- (not_applicable); a missing privilege means the caller cannot see the inputs (skipped).
-- Queries run with the caller's privileges, so only the owner may write this table.
CREATE TABLE compliance.checks (
    id                  text PRIMARY KEY CHECK (id ~ '^[a-z0-9]+\.[a-z0-9_]+$'),
    framework           text NOT NULL CHECK (framework IN ('gdpr', 'ccpa', 'hipaa', 'soc2', 'security')),
    control             text NOT NULL,
    severity            text NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low')),
    title               text NOT NULL,
    description         text NOT NULL,
    remedy              text NOT NULL,
    query               text NOT NULL,
    -- 'warn' for findings that need a human judgement (an extra superuser may be intended).
    on_finding          text NOT NULL DEFAULT 'fail' CHECK (on_finding IN ('fail', 'warn')),
    requires_relations  text[] NOT NULL DEFAULT '{}',
    requires_functions  text[] NOT NULL DEFAULT '{}',
    -- 'role:<role>', 'select:<relation>' or 'execute:<function signature>'.
    requires_privileges text[] NOT NULL DEFAULT '{}'
        CHECK (requires_privileges <@ ARRAY['role:pg_read_all_settings', 'select:pg_catalog.pg_authid',
                                            'select:pg_catalog.pg_hba_file_rules',
                                            'execute:pg_catalog.pg_hba_file_rules()'])
);
CREATE INDEX checks_framework_idx ON compliance.checks (framework);

-- An accepted risk: a failing check reported as a warning, with who approved it and why,
-- until it expires. Evidence of a decision, so rows are never updated or deleted.
CREATE TABLE compliance.waivers (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    check_id    text NOT NULL REFERENCES compliance.checks (id),
    reason      text NOT NULL CHECK (pg_catalog.length(pg_catalog.btrim(reason)) > 0),
    approved_by text NOT NULL CHECK (pg_catalog.length(pg_catalog.btrim(approved_by)) > 0),
    expires_at  timestamptz NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
    created_by  text NOT NULL,
    CHECK (expires_at > created_at)
);
CREATE INDEX waivers_check_idx ON compliance.waivers (check_id, expires_at);

-- A stored run of every check, for trends and for the auditor who asks what was true then.
CREATE TABLE compliance.snapshots (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    taken_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    taken_by text NOT NULL
);
CREATE INDEX snapshots_taken_at_idx ON compliance.snapshots (taken_at);

CREATE TABLE compliance.snapshot_results (
    snapshot_id bigint NOT NULL REFERENCES compliance.snapshots (id),
    check_id    text NOT NULL,
    framework   text NOT NULL,
    control     text NOT NULL,
    status      text NOT NULL CHECK (status IN ('pass', 'fail', 'warn', 'not_applicable', 'skipped')),
    severity    text NOT NULL,
    evidence    jsonb NOT NULL,
    waiver      jsonb,
    PRIMARY KEY (snapshot_id, check_id)
);

INSERT INTO governance.reference_tables (table_name, reason) VALUES
    ('compliance.checks', 'built-in check registry');

GRANT SELECT ON compliance.checks, compliance.waivers, compliance.snapshots, compliance.snapshot_results
    TO governance_admin, governance_dpo, governance_auditor;
