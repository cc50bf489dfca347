-- HIPAA 164.312(a)(2)(ii): emergency (break-glass) access to PHI bypasses the declared
-- purpose and must be reviewed after the fact. The review is evidence of its own, one per
-- access, appended here (privacy.review_break_glass); the access log stays as written.
CREATE TABLE privacy.break_glass_reviews (
    access_id   bigint PRIMARY KEY REFERENCES privacy.phi_access_log (id),
    outcome     text NOT NULL CHECK (outcome IN ('justified', 'unjustified')),
    note        text NOT NULL CHECK (pg_catalog.btrim(note) <> ''),
    reviewed_by text NOT NULL,
    reviewed_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);

GRANT SELECT ON privacy.break_glass_reviews TO governance_admin, governance_dpo, governance_auditor;
