-- Dynamic masking (docs/masking.md) and retention of application data (docs/retention.md).

-- How a category's values are masked when a column has no rule of its own. One row per
-- category: a category added to governance.data_categories later gets its masking with
-- one INSERT here; until then its columns are masked to NULL (privacy.column_mask), never
-- shown in clear.
CREATE TABLE privacy.masking_defaults (
    category text PRIMARY KEY REFERENCES governance.data_categories (name) ON UPDATE CASCADE ON DELETE CASCADE,
    rule     text NOT NULL CHECK (rule IN ('partial_email', 'keep_last', 'hash', 'null', 'generalize', 'constant')),
    params   jsonb NOT NULL DEFAULT '{}' CHECK (pg_catalog.jsonb_typeof(params) = 'object'),
    set_by   text NOT NULL DEFAULT 'pg-governance',
    set_at   timestamptz NOT NULL DEFAULT pg_catalog.now()
);

INSERT INTO privacy.masking_defaults (category, rule, params) VALUES
    ('direct_identifier', 'hash', '{}'),
    ('quasi_identifier', 'generalize', '{"step": 10, "unit": "year", "prefix": 2}'),
    ('contact', 'partial_email', '{}'),
    ('financial', 'keep_last', '{"keep": 4}'),
    ('health', 'null', '{}'),
    ('biometric', 'null', '{}'),
    ('credentials', 'null', '{}'),
    ('free_text', 'constant', '{"value": "[redacted]"}');
-- Categories other than the seeded ones (added by the catalog before this file ran).
INSERT INTO privacy.masking_defaults (category, rule)
SELECT c.name, 'null' FROM governance.data_categories c
 WHERE NOT EXISTS (SELECT 1 FROM privacy.masking_defaults d WHERE d.category = c.name);

-- A column's own rule, overriding its category's default.
CREATE TABLE privacy.masking_rules (
    table_name  regclass NOT NULL,
    column_name name NOT NULL,
    rule        text NOT NULL CHECK (rule IN ('partial_email', 'keep_last', 'hash', 'null', 'generalize', 'constant')),
    params      jsonb NOT NULL DEFAULT '{}' CHECK (pg_catalog.jsonb_typeof(params) = 'object'),
    set_by      text NOT NULL,
    set_at      timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (table_name, column_name)
);

-- Roles that read a category in clear through the masked views (and their members).
CREATE TABLE privacy.unmasked_categories (
    role_name  name NOT NULL,
    category   text NOT NULL REFERENCES governance.data_categories (name) ON UPDATE CASCADE ON DELETE CASCADE,
    granted_by text NOT NULL,
    granted_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (role_name, category)
);

-- The masked views the pack generated, with the definition they were generated from:
-- a view whose definition no longer matches the catalog is stale (privacy.masking_status).
CREATE TABLE privacy.masked_views (
    table_name   regclass PRIMARY KEY,
    view_schema  name NOT NULL,
    view_name    name NOT NULL,
    definition   text NOT NULL,
    generated_by text NOT NULL,
    generated_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    UNIQUE (view_schema, view_name)
);

-- Roles that read a table through its masked view; granted again whenever it is regenerated.
CREATE TABLE privacy.masked_readers (
    table_name regclass NOT NULL REFERENCES privacy.masked_views ON DELETE CASCADE,
    role_name  name NOT NULL,
    granted_by text NOT NULL,
    granted_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (table_name, role_name)
);

-- Key of the keyed hash (pseudonyms): the same value gets the same pseudonym in every
-- view and dump of this database, and nobody without the key can compute one.
-- Row security without a policy keeps it from every role but the pack's owner
-- (policies/masking_key_private.sql); dump --masked never includes the pack's schemas.
CREATE TABLE privacy.masking_key (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    key       bytea NOT NULL
);
INSERT INTO privacy.masking_key (key)
VALUES (pg_catalog.decode(pg_catalog.replace(
            pg_catalog.gen_random_uuid()::text || pg_catalog.gen_random_uuid()::text, '-', ''), 'hex'));

-- Retention of application data (GDPR Art. 5(1)(e)): rows whose time column is older
-- than keep_for are deleted or anonymized by privacy.apply_retention (pg-governance maintain).
CREATE TABLE privacy.retention_rules (
    table_name  regclass PRIMARY KEY,
    time_column name NOT NULL,
    keep_for    interval NOT NULL CHECK (keep_for > interval '0'),
    action      text NOT NULL CHECK (action IN ('delete', 'anonymize')),
    reason      text NOT NULL CHECK (pg_catalog.btrim(reason) <> ''),
    set_by      text NOT NULL,
    set_at      timestamptz NOT NULL DEFAULT pg_catalog.now()
);

-- Where anonymizing retention got to: the time column's value (as text, cast back to the
-- column's type) up to which rows were anonymized. Anonymized rows stay old, so without
-- it every run would start again at the oldest row.
CREATE TABLE privacy.retention_progress (
    table_name regclass PRIMARY KEY REFERENCES privacy.retention_rules ON DELETE CASCADE,
    done_through text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);

INSERT INTO governance.reference_tables (table_name, reason) VALUES
    ('privacy.masking_defaults', 'masking configuration'),
    ('privacy.masking_rules', 'masking configuration'),
    ('privacy.unmasked_categories', 'masking configuration'),
    ('privacy.masked_views', 'masking configuration'),
    ('privacy.masked_readers', 'masking configuration'),
    ('privacy.masking_key', 'generated at install'),
    ('privacy.retention_rules', 'retention configuration'),
    ('privacy.retention_progress', 'retention state');

GRANT SELECT ON privacy.masking_defaults, privacy.masking_rules, privacy.unmasked_categories,
                privacy.masked_views, privacy.masked_readers, privacy.retention_rules, privacy.retention_progress
    TO governance_admin, governance_dpo, governance_auditor;
