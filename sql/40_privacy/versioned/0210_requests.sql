-- Data-subject requests (GDPR Art. 12-22, CCPA/CPRA, HIPAA right of access): what was
-- asked, by whom, by when it must be answered, and every step taken.

CREATE TABLE privacy.requests (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject_key         text NOT NULL,
    subject_type        text,
    request_type        text NOT NULL CHECK (request_type IN ('access', 'portability', 'rectification', 'erasure',
                                                              'restriction', 'objection', 'opt_out_of_sale', 'limit_use')),
    regulation          text NOT NULL CHECK (regulation IN ('gdpr', 'ccpa', 'hipaa')),
    details             jsonb CHECK (details IS NULL OR pg_catalog.jsonb_typeof(details) = 'object'),
    status              text NOT NULL DEFAULT 'open'
                        CHECK (status IN ('open', 'verified', 'in_progress', 'completed', 'rejected')),
    received_at         timestamptz NOT NULL DEFAULT pg_catalog.now(),
    -- The statutory deadline, stored when the request is opened so that a later change
    -- of the rules does not move the deadline of a request already running.
    due_at              timestamptz NOT NULL,
    extended_due_at     timestamptz CHECK (extended_due_at > due_at),
    extension_reason    text CHECK ((extended_due_at IS NULL) = (extension_reason IS NULL)),
    effective_due_at    timestamptz GENERATED ALWAYS AS (COALESCE(extended_due_at, due_at)) STORED,
    opened_by           text NOT NULL,
    verified_at         timestamptz,
    verified_by         text,
    verification_method text CHECK ((verified_at IS NULL) = (verification_method IS NULL)),
    completed_at        timestamptz,
    closing_note        text
);
CREATE INDEX requests_subject_idx ON privacy.requests (subject_key);
-- The open-work lists scan only requests not yet closed, by deadline.
CREATE INDEX requests_open_due_idx ON privacy.requests (effective_due_at) WHERE status NOT IN ('completed', 'rejected');
CREATE INDEX requests_received_idx ON privacy.requests (received_at);

-- Every step of every request: append-only evidence that it was answered, and how.
CREATE TABLE privacy.request_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id  bigint NOT NULL REFERENCES privacy.requests,
    event       text NOT NULL CHECK (event IN ('opened', 'status', 'extended', 'processed')),
    from_status text,
    to_status   text,
    details     jsonb,
    actor       text NOT NULL,
    occurred_at timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp()
);
CREATE INDEX request_events_request_idx ON privacy.request_events (request_id, id);

GRANT SELECT ON privacy.requests, privacy.request_events TO governance_admin, governance_dpo, governance_auditor;
