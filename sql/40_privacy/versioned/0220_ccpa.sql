-- CCPA/CPRA: opt-outs of sale and sharing (including Global Privacy Control signals) and
-- the log of personal information disclosed to third parties.

CREATE TABLE privacy.opt_outs (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject_key text NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('sale', 'limit_use')),
    source      text NOT NULL CHECK (source IN ('direct', 'gpc', 'request')),
    request_id  bigint REFERENCES privacy.requests,
    evidence    jsonb CHECK (evidence IS NULL OR pg_catalog.jsonb_typeof(evidence) = 'object'),
    recorded_by text NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX opt_outs_subject_idx ON privacy.opt_outs (subject_key, kind);

CREATE TABLE privacy.data_sharing (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject_key text NOT NULL,
    third_party text NOT NULL CHECK (third_party <> ''),
    categories  text[] NOT NULL CHECK (pg_catalog.cardinality(categories) > 0),
    purpose     text NOT NULL CHECK (purpose <> ''),
    is_sale     boolean NOT NULL,
    shared_by   text NOT NULL,
    shared_at   timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX data_sharing_subject_idx ON privacy.data_sharing (subject_key, shared_at);

GRANT SELECT ON privacy.opt_outs, privacy.data_sharing TO governance_admin, governance_dpo, governance_auditor;
