-- Attribute-based access control. Attributes are typed jsonb values kept as one object
-- per user and per resource, so a decision reads two rows instead of one row per
-- attribute. Policies are validated and compiled to SQL on write (access.create_policy);
-- access.compile_policies turns the compiled policies into the function access.decide.

CREATE TABLE access.users (
    user_id    text PRIMARY KEY CHECK (pg_catalog.btrim(user_id) <> ''),
    attributes jsonb NOT NULL DEFAULT '{}' CHECK (pg_catalog.jsonb_typeof(attributes) = 'object'),
    updated_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    updated_by text NOT NULL
);

CREATE TABLE access.resources (
    resource_id   text PRIMARY KEY CHECK (pg_catalog.btrim(resource_id) <> ''),
    resource_type text NOT NULL CHECK (pg_catalog.btrim(resource_type) <> ''),
    attributes    jsonb NOT NULL DEFAULT '{}' CHECK (pg_catalog.jsonb_typeof(attributes) = 'object'),
    updated_at    timestamptz NOT NULL DEFAULT pg_catalog.now(),
    updated_by    text NOT NULL
);

CREATE TABLE access.policies (
    name           text PRIMARY KEY CHECK (pg_catalog.btrim(name) <> ''),
    policy         jsonb NOT NULL,            -- as written by the administrator
    effect         text NOT NULL CHECK (effect IN ('allow', 'deny')),
    actions        text[] NOT NULL,           -- '*' matches every action
    -- SQL over $1 (user attributes), $2 (resource attributes), $3 (environment), built
    -- only by access.compile_condition from validated input, never from raw text.
    target_sql     text NOT NULL,
    condition_sql  text[] NOT NULL,
    uses_env       boolean NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT pg_catalog.now(),
    updated_at     timestamptz NOT NULL DEFAULT pg_catalog.now(),
    updated_by     text NOT NULL
);

-- One row of switches. Denial logging is off by default: a denied row in an RLS scan
-- would otherwise write one audit event per hidden row.
CREATE TABLE access.settings (
    singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    log_denials boolean NOT NULL DEFAULT false
);
INSERT INTO access.settings DEFAULT VALUES;

INSERT INTO governance.reference_tables (table_name, reason) VALUES
    ('access.users', 'access configuration'),
    ('access.resources', 'access configuration'),
    ('access.policies', 'access configuration'),
    ('access.settings', 'access configuration');

GRANT SELECT ON access.users, access.resources, access.policies, access.settings
    TO governance_admin, governance_auditor;
