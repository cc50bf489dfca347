-- The governance core: the installer's bookkeeping, the native roles every module
-- grants to, and the secret that seals the session context.

CREATE SCHEMA governance;
COMMENT ON SCHEMA governance IS 'pg-governance: install metadata, session context, data catalog, encryption';

-- pgcrypto is a prerequisite of every module (HMAC, random bytes, encryption). If the
-- database already has it, wherever it lives, we use that copy through the shims in
-- functions/crypto_shims.sql; otherwise it goes into our schema, off everyone's path.
CREATE EXTENSION IF NOT EXISTS pgcrypto SCHEMA governance;

-- One row per migration file. Versioned files are applied once and must never change
-- afterwards; repeatable files are re-applied whenever their checksum changes.
CREATE TABLE governance.migrations (
    name            text PRIMARY KEY,           -- path below sql/
    kind            text NOT NULL CHECK (kind IN ('versioned', 'repeatable')),
    version         text CHECK ((kind = 'versioned') = (version IS NOT NULL)),
    checksum        text NOT NULL CHECK (checksum ~ '^[0-9a-f]{64}$'),
    applied_at      timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
    applied_by      name NOT NULL DEFAULT CURRENT_USER,
    duration_ms     integer NOT NULL CHECK (duration_ms >= 0),
    package_version text NOT NULL
);

-- A single row: which release of the pack is installed.
CREATE TABLE governance.installation (
    singleton    boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version      text NOT NULL,
    installed_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    upgraded_at  timestamptz
);

-- Tables whose rows are configuration rather than evidence. `uninstall` refuses to drop
-- governance data without --force; rows in the tables listed here do not count as data.
CREATE TABLE governance.reference_tables (
    table_name regclass PRIMARY KEY,
    reason     text NOT NULL
);

-- Key for the HMAC that seals governance.set_context. A role that sets the custom
-- settings by hand (SET governance.tenant = ...) cannot produce the seal, so the
-- context readers refuse forged values. gen_random_uuid() draws from the server's
-- strong random source; two of them give 244 random bits.
CREATE TABLE governance.context_key (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    key       bytea NOT NULL
);
INSERT INTO governance.context_key (key)
VALUES (pg_catalog.decode(pg_catalog.replace(
            pg_catalog.gen_random_uuid()::text || pg_catalog.gen_random_uuid()::text, '-', ''), 'hex'));

INSERT INTO governance.reference_tables (table_name, reason) VALUES
    ('governance.migrations', 'installer bookkeeping'),
    ('governance.installation', 'installer bookkeeping'),
    ('governance.reference_tables', 'installer bookkeeping'),
    ('governance.context_key', 'generated at install');

-- Roles are cluster-wide: another database of the cluster may have created them already,
-- possibly at this very moment, hence the existence check and the duplicate_object guard.
DO $roles$
DECLARE
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY['governance_admin', 'governance_dpo',
                                     'governance_auditor', 'governance_app'] LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = role_name) THEN
            BEGIN
                EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', role_name);
            EXCEPTION WHEN duplicate_object THEN
                NULL;
            END;
        END IF;
    END LOOP;
END
$roles$;

COMMENT ON ROLE governance_admin IS 'pg-governance: configures governance (classification, policies, keys); member of the other governance roles';
COMMENT ON ROLE governance_dpo IS 'pg-governance: data protection officer: subjects, consent, requests, erasure and export';
COMMENT ON ROLE governance_auditor IS 'pg-governance: reads audit trails, logs and compliance results';
COMMENT ON ROLE governance_app IS 'pg-governance: application and pipeline roles: set context, write events';

-- The admin role can do what the others can.
GRANT governance_dpo, governance_auditor, governance_app TO governance_admin;

GRANT USAGE ON SCHEMA governance TO governance_admin, governance_dpo, governance_auditor, governance_app;
GRANT SELECT ON governance.migrations, governance.installation TO governance_admin, governance_auditor;
