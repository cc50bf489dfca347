-- Data subjects and the erasure engine's configuration and evidence.
-- The subject's data is found from the catalog (foreign keys) at call time, so these
-- tables only hold what the catalog cannot know: which table holds the subjects, which
-- key-holding columns have no foreign key, which referenced parents are personal, and
-- what the law says to do with each table.

-- Tables whose rows are data subjects (customers, patients, accounts).
CREATE TABLE privacy.subjects (
    subject_type  text PRIMARY KEY CHECK (subject_type ~ '^[a-z][a-z0-9_]*$'),
    table_name    regclass NOT NULL,
    key_column    name NOT NULL,
    registered_by text NOT NULL,
    registered_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);

-- Tables that hold a subject's key in a column without a foreign key (event logs,
-- tables in other schemas, denormalised copies).
CREATE TABLE privacy.linked_tables (
    table_name   regclass NOT NULL,
    column_name  name NOT NULL,
    subject_type text NOT NULL REFERENCES privacy.subjects ON DELETE CASCADE,
    linked_by    text NOT NULL,
    linked_at    timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (table_name, column_name, subject_type)
);
CREATE INDEX linked_tables_subject_type_idx ON privacy.linked_tables (subject_type);

-- Foreign keys whose referenced (parent) row is the referencing row's own personal data
-- (customer.address_id -> address): erased with the subject when nothing else refers to it.
CREATE TABLE privacy.owned_parents (
    fk_table    regclass NOT NULL,
    fk_column   name NOT NULL,
    declared_by text NOT NULL,
    declared_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (fk_table, fk_column)
);

-- What gdpr_forget does to a table's rows of the subject; a table without a rule: delete.
CREATE TABLE privacy.erasure_rules (
    table_name regclass PRIMARY KEY,
    action     text NOT NULL CHECK (action IN ('delete', 'anonymize', 'retain')),
    reason     text,
    set_by     text NOT NULL,
    set_at     timestamptz NOT NULL DEFAULT pg_catalog.now()
);

-- Key of the HMAC that identifies an erased subject in the evidence without storing the
-- key itself: a repeated request is recognised, the erased person cannot be read back.
CREATE TABLE privacy.erasure_key (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    key       bytea NOT NULL
);
INSERT INTO privacy.erasure_key (key)
VALUES (pg_catalog.decode(pg_catalog.replace(
            pg_catalog.gen_random_uuid()::text || pg_catalog.gen_random_uuid()::text, '-', ''), 'hex'));

-- Evidence: one row per erasure carried out. Append-only (policies/erasures_append_only.sql).
CREATE TABLE privacy.erasures (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject_type   text NOT NULL,
    subject_hash   text NOT NULL CHECK (subject_hash ~ '^[0-9a-f]{64}$'),
    request_id     bigint,
    erased_at      timestamptz NOT NULL DEFAULT pg_catalog.now(),
    erased_by      text NOT NULL,
    tables         jsonb NOT NULL,
    keys_shredded  integer,
    audit_redacted integer,
    lineage        jsonb
);
CREATE INDEX erasures_subject_idx ON privacy.erasures (subject_type, subject_hash);

INSERT INTO governance.reference_tables (table_name, reason) VALUES
    ('privacy.subjects', 'erasure configuration'),
    ('privacy.linked_tables', 'erasure configuration'),
    ('privacy.owned_parents', 'erasure configuration'),
    ('privacy.erasure_rules', 'erasure configuration'),
    ('privacy.erasure_key', 'generated at install');

GRANT SELECT ON privacy.subjects, privacy.linked_tables, privacy.owned_parents, privacy.erasure_rules
    TO governance_admin, governance_dpo, governance_auditor;
GRANT SELECT ON privacy.erasures TO governance_admin, governance_dpo, governance_auditor;

-- A table of a subject's data as the erasure engine plans it (privacy.subject_tables),
-- and a foreign key into a table it deletes from (privacy.erasure_references). Named types
-- so that gdpr_forget computes the graph once and passes it around as an array.
CREATE TYPE privacy.erasure_node AS (
    pos             integer,   -- deletion order: children first, own parents last
    table_name      regclass,
    kind            text,      -- subject, link, fk, own_parent
    action          text,      -- delete, anonymize, retain
    reason          text,
    predicate       text,      -- selects the subject's rows; unqualified names, $1 = key
    paths           text[],
    depth           integer,
    parent_key      text,      -- own parents: the referenced key column and its type
    parent_key_type text
);
CREATE TYPE privacy.erasure_reference AS (
    parent_pos      integer,
    parent          regclass,
    child           regclass,
    constraint_name name,
    child_cols      text,
    on_delete       "char",
    resolution      text,      -- detach, set_null, set_default, conflict
    referencing     text,      -- selects the referencing rows that outlive the parent
    detach_set      text
);
