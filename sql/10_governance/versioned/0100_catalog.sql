-- The data catalog: which columns hold personal data, of what kind, how sensitive.
-- It drives audit masking, erasure defaults, encryption, lineage propagation and the
-- compliance checks, so every module reads governance.classifications.

CREATE TABLE governance.data_categories (
    name        text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_]*$'),
    description text NOT NULL,
    -- GDPR Art. 9 special categories (health, biometric, ...) need an explicit lawful basis.
    special     boolean NOT NULL DEFAULT false
);

INSERT INTO governance.data_categories (name, description, special) VALUES
    ('direct_identifier', 'identifies a person on its own: name, national ID, e-mail used as login', false),
    ('quasi_identifier', 'identifies a person in combination: birth date, postcode, gender', false),
    ('contact', 'e-mail address, phone number, postal address', false),
    ('financial', 'card and account numbers, income, transactions', false),
    ('health', 'protected health information (HIPAA PHI, GDPR Art. 9)', true),
    ('biometric', 'fingerprints, face geometry, voice prints (GDPR Art. 9)', true),
    ('credentials', 'passwords, tokens, secrets', false),
    ('free_text', 'free text that may contain personal data', false);

CREATE TABLE governance.classifications (
    table_name    regclass NOT NULL,
    column_name   name NOT NULL,
    category      text NOT NULL REFERENCES governance.data_categories (name),
    sensitivity   text NOT NULL DEFAULT 'confidential'
                  CHECK (sensitivity IN ('public', 'internal', 'confidential', 'restricted')),
    classified_by text NOT NULL,
    classified_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (table_name, column_name)
);
CREATE INDEX classifications_category_idx ON governance.classifications (category);

INSERT INTO governance.reference_tables (table_name, reason) VALUES
    ('governance.data_categories', 'catalog vocabulary'),
    ('governance.classifications', 'catalog configuration');

GRANT SELECT ON governance.data_categories, governance.classifications
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
