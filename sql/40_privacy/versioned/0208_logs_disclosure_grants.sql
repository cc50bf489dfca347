-- A read of PHI (privacy.read_phi) or an export of a subject's data (privacy.gdpr_export)
-- used to log itself in the reader's transaction, so a reader who rolled back (or rolled
-- back to a savepoint) kept the data and left no record. Now the record comes first, in a
-- transaction of its own: privacy.request_phi_access and privacy.request_export write the
-- access log (phi_access_log rows, an audit event) and a grant here, and the reading
-- functions serve data only under a grant whose transaction has COMMITTED
-- (pg_xact_status of created_xid), made by the same session user and actor, for that
-- scope, before it expires. Whatever the reader does afterwards, the record stays.
CREATE TABLE privacy.disclosure_grants (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind         text NOT NULL CHECK (kind IN ('phi_read', 'export')),
    granted_at   timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
    -- A grant is for the read that follows it, not for later: governance.limits'
    -- disclosure_grant_seconds says how long. Set by the granting functions, not by a
    -- default, so that a direct INSERT meets row-level security before any expression.
    expires_at   timestamptz NOT NULL,
    actor        text NOT NULL,
    db_user      name NOT NULL DEFAULT SESSION_USER,
    -- The top-level transaction that wrote the grant and its log: the grant counts once
    -- that transaction has committed, never while it is in progress (the reader's own).
    created_xid  xid8 NOT NULL DEFAULT pg_catalog.pg_current_xact_id(),
    -- phi_read: the table and the privacy.phi_access_log rows written for it, one per
    -- patient; the read returns those patients' rows only. The patients themselves are in
    -- the log, which gdpr_forget pseudonymizes.
    table_name   regclass,
    log_ids      bigint[],
    -- export: the subject, as the keyed hash erasure evidence uses, never the key.
    subject_type text,
    subject_hash text,
    CHECK (kind <> 'phi_read' OR (table_name IS NOT NULL AND log_ids IS NOT NULL)),
    CHECK (kind <> 'export' OR (subject_type IS NOT NULL AND subject_hash IS NOT NULL)),
    CHECK (expires_at > granted_at)
);
CREATE INDEX disclosure_grants_export_idx ON privacy.disclosure_grants (subject_hash, expires_at) WHERE kind = 'export';

GRANT SELECT ON privacy.disclosure_grants TO governance_admin, governance_dpo, governance_auditor;
