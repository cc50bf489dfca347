-- Consent (GDPR Art. 6 and 7): what each purpose of processing is, under which policy
-- text, and every decision a data subject made about it.

-- Purposes of processing and their lawful basis. Configuration, not evidence.
CREATE TABLE privacy.purposes (
    name           text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_]{0,39}$'),
    description    text NOT NULL,
    lawful_basis   text NOT NULL CHECK (lawful_basis IN ('consent', 'contract', 'legal_obligation',
                                                          'vital_interests', 'public_task', 'legitimate_interests')),
    policy_version text NOT NULL,
    registered_by  text NOT NULL,
    registered_at  timestamptz NOT NULL DEFAULT pg_catalog.now()
);

-- Every policy version a purpose has had. A consent names the version the subject saw;
-- when the policy changes materially, the older versions are superseded and consents
-- given under them no longer count (privacy.require_reconsent).
CREATE TABLE privacy.purpose_versions (
    purpose        text NOT NULL REFERENCES privacy.purposes (name),
    policy_version text NOT NULL CHECK (policy_version <> ''),
    registered_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
    superseded_at  timestamptz,
    PRIMARY KEY (purpose, policy_version)
);

-- The decisions: append-only evidence (policies/consent_records_append_only.sql).
CREATE TABLE privacy.consent_records (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject_key    text NOT NULL,
    purpose        text NOT NULL,
    granted        boolean NOT NULL,
    policy_version text NOT NULL,
    evidence       jsonb CHECK (evidence IS NULL OR pg_catalog.jsonb_typeof(evidence) = 'object'),
    recorded_by    text NOT NULL,
    recorded_at    timestamptz NOT NULL DEFAULT pg_catalog.now(),
    FOREIGN KEY (purpose, policy_version) REFERENCES privacy.purpose_versions
);
-- has_consent reads the latest decision per subject and purpose: one descent of this
-- index, and with granted and policy_version included, no heap visit.
CREATE INDEX consent_records_latest_idx
    ON privacy.consent_records (subject_key, purpose, id DESC) INCLUDE (granted, policy_version);

INSERT INTO governance.reference_tables (table_name, reason) VALUES
    ('privacy.purposes', 'consent configuration'),
    ('privacy.purpose_versions', 'consent configuration');

GRANT SELECT ON privacy.purposes, privacy.purpose_versions
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
GRANT SELECT ON privacy.consent_records TO governance_admin, governance_dpo, governance_auditor;
