-- Field encryption with envelope keys. The master key is never stored: the application
-- supplies it per transaction with governance.unlock(). What is stored here is useless
-- without it: data keys wrapped (encrypted and MACed) under a key-encryption key derived
-- from the master key, and a verifier so that unlock can reject a wrong master key.
-- No governance role may read or write these tables directly; only the SECURITY DEFINER
-- functions of the encryption module do.

-- A single row once the first key exists: HMAC of a fixed label under the MAC half of the
-- key-encryption key. It tells a right master key from a wrong one; it reveals nothing
-- that helps guess a high-entropy master key.
CREATE TABLE governance.master_key_verifier (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    verifier   bytea NOT NULL CHECK (pg_catalog.length(verifier) = 32),
    set_at     timestamptz NOT NULL DEFAULT pg_catalog.now(),
    set_by     text NOT NULL
);

-- Secret (not a key to any data) that turns subject keys into keyed hashes, so that the
-- key tables never hold a subject's identifier in clear and shredding needs no master key.
CREATE TABLE governance.subject_pepper (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    pepper    bytea NOT NULL
);
INSERT INTO governance.subject_pepper (pepper)
VALUES (pg_catalog.decode(pg_catalog.replace(
            pg_catalog.gen_random_uuid()::text || pg_catalog.gen_random_uuid()::text, '-', ''), 'hex'));

-- Named keys (one per purpose or column); their versions live in data_keys.
CREATE TABLE governance.keys (
    id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            text NOT NULL UNIQUE CHECK (name ~ '^[a-z][a-z0-9_.-]{0,62}$'),
    current_version integer NOT NULL DEFAULT 1 CHECK (current_version >= 1),
    -- Key of the blind index (keyed HMAC for equality search). It does not rotate with the
    -- data keys: a new one would invalidate every stored index value. Wrapped like them.
    index_key       bytea NOT NULL,
    -- Opt-in: every decryption with this key is written to audit.events (it costs a row
    -- per value decrypted).
    audit_decryption boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT pg_catalog.now(),
    created_by      text NOT NULL,
    rotated_at      timestamptz
);

-- Data keys: 64 random bytes (32 for AES-256, 32 for HMAC-SHA-256), one per key version,
-- plus one per data subject and version for per-subject keys (crypto-shredding).
-- subject_hash: '' for the shared key of a version, the keyed hash of the subject key
-- otherwise; a shredded key keeps its row (so decrypt can say "destroyed" rather than
-- "unknown") with neither its material nor its subject.
CREATE TABLE governance.data_keys (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key_id       integer NOT NULL REFERENCES governance.keys (id),
    version      integer NOT NULL CHECK (version >= 1),
    subject_hash bytea,
    wrapped      bytea,
    created_at   timestamptz NOT NULL DEFAULT pg_catalog.now(),
    shredded_at  timestamptz,
    CHECK ((wrapped IS NULL) = (shredded_at IS NOT NULL)),
    CHECK (shredded_at IS NULL OR subject_hash IS NULL),
    UNIQUE (key_id, version, subject_hash)
);
CREATE INDEX data_keys_subject_idx ON governance.data_keys (subject_hash);

-- Who may use a key: a database role (and its members) may encrypt, decrypt, or both.
CREATE TABLE governance.key_grants (
    key_id     integer NOT NULL REFERENCES governance.keys (id),
    grantee    name NOT NULL,
    privilege  text NOT NULL CHECK (privilege IN ('encrypt', 'decrypt')),
    granted_by text NOT NULL,
    granted_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (key_id, grantee, privilege)
);

-- Columns converted by encrypt_column. The id is bound into every ciphertext of the column
-- (with the row's primary key) as associated data: it survives renames and dump/restore,
-- unlike a table OID.
CREATE TABLE governance.encrypted_columns (
    id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    table_name    regclass NOT NULL,
    column_name   name NOT NULL,
    key_id        integer NOT NULL REFERENCES governance.keys (id),
    original_type text NOT NULL,
    shadow_column name NOT NULL,
    view_name     text,
    state         text NOT NULL DEFAULT 'converting' CHECK (state IN ('converting', 'encrypted')),
    started_at    timestamptz NOT NULL DEFAULT pg_catalog.now(),
    started_by    text NOT NULL,
    finished_at   timestamptz,
    UNIQUE (table_name, column_name)
);

INSERT INTO governance.reference_tables (table_name, reason) VALUES
    ('governance.subject_pepper', 'generated at install'),
    ('governance.key_grants', 'encryption configuration'),
    ('governance.encrypted_columns', 'encryption configuration');
-- keys, data_keys and master_key_verifier are not listed: dropping them makes every
-- ciphertext unreadable, so uninstall treats them as data and wants --force.

GRANT SELECT (id, name, current_version, audit_decryption, created_at, created_by, rotated_at) ON governance.keys
    TO governance_admin, governance_auditor;
GRANT SELECT ON governance.key_grants, governance.encrypted_columns TO governance_admin, governance_auditor;
