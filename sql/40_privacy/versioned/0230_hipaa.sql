-- HIPAA: which tables hold PHI and which column names the patient, the log of every
-- access to PHI (45 CFR 164.312(b), 164.528), and security incidents with their
-- notification deadlines (HIPAA 164.404: 60 days; GDPR Art. 33: 72 hours).

CREATE TABLE privacy.phi_tables (
    table_name     regclass PRIMARY KEY,
    patient_column name NOT NULL,
    registered_by  text NOT NULL,
    registered_at  timestamptz NOT NULL DEFAULT pg_catalog.now()
);

CREATE TABLE privacy.phi_access_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    accessed_at timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
    actor       text NOT NULL,
    db_user     name NOT NULL DEFAULT SESSION_USER,
    patient     text NOT NULL,
    table_name  text,
    access_type text NOT NULL CHECK (access_type IN ('read', 'write', 'disclosure', 'export', 'print')),
    -- The declared purpose (treatment, payment, operations, ...) or, for break-glass
    -- access, the emergency's justification.
    reason      text NOT NULL CHECK (pg_catalog.btrim(reason) <> ''),
    break_glass boolean NOT NULL DEFAULT false,
    recipient   text,
    row_count   bigint
);
CREATE INDEX phi_access_log_patient_idx ON privacy.phi_access_log (patient, accessed_at);
CREATE INDEX phi_access_log_break_glass_idx ON privacy.phi_access_log (accessed_at) WHERE break_glass;

CREATE TABLE privacy.incidents (
    id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident_type           text NOT NULL CHECK (incident_type <> ''),
    severity                text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    description             text NOT NULL,
    status                  text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'contained', 'closed')),
    detected_at             timestamptz NOT NULL DEFAULT pg_catalog.now(),
    reported_by             text NOT NULL,
    -- Deadlines run from discovery, set by privacy.report_incident: 72 hours to the
    -- supervisory authority (GDPR Art. 33), 60 days to the affected individuals (HIPAA 164.404).
    authority_due_at        timestamptz NOT NULL,
    individuals_due_at      timestamptz NOT NULL,
    contained_at            timestamptz,
    authority_notified_at   timestamptz,
    individuals_notified_at timestamptz,
    closed_at               timestamptz,
    closing_note            text
);
CREATE INDEX incidents_open_idx ON privacy.incidents (detected_at) WHERE status <> 'closed';

INSERT INTO governance.reference_tables (table_name, reason) VALUES
    ('privacy.phi_tables', 'HIPAA configuration');

GRANT SELECT ON privacy.phi_tables TO governance_admin, governance_dpo, governance_auditor, governance_app;
GRANT SELECT ON privacy.phi_access_log, privacy.incidents TO governance_admin, governance_dpo, governance_auditor;
