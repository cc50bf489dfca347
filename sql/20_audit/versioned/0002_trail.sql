-- Storage of the audit trail. Evidence tables (changes, events, transactions, chain) are
-- append-only (policies/append_only.sql) and are NOT reference tables: uninstall refuses
-- to drop them while they hold rows.

-- One id sequence for changes and events, so that id orders all of a transaction's rows;
-- they all get ids above the value drawn when its first audited statement ran.
CREATE SEQUENCE audit.ids AS bigint;

-- Secret for the keyed hash of restricted values: equal values give equal hashes (so an
-- auditor sees that a value changed, or did not) without the value being recoverable by
-- hashing guesses, as long as the key stays secret. Readable by no governance role.
CREATE TABLE audit.hash_key (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    key       bytea NOT NULL
);
INSERT INTO audit.hash_key (key)
VALUES (pg_catalog.decode(pg_catalog.replace(
            pg_catalog.gen_random_uuid()::text || pg_catalog.gen_random_uuid()::text, '-', ''), 'hex'));

-- Audited tables and the metadata the triggers use. The triggers receive this metadata
-- as arguments, so no statement ever looks it up; audit.refresh() rewrites both.
CREATE TABLE audit.tables (
    relid              regclass PRIMARY KEY,
    table_name         text NOT NULL,          -- schema-qualified, quoted as needed
    key_columns        text[] NOT NULL,        -- primary key; empty: the whole row is the key
    restricted_columns text[] NOT NULL,        -- stored as keyed hashes
    excluded_columns   text[] NOT NULL,        -- never stored
    enabled_by         text NOT NULL,
    enabled_at         timestamptz NOT NULL DEFAULT pg_catalog.now(),
    refreshed_at       timestamptz NOT NULL DEFAULT pg_catalog.now()
);

-- One row per changed row. Partitioned by month on occurred_at so that retention drops
-- whole partitions instead of deleting rows (audit.purge).
CREATE TABLE audit.changes (
    id               bigint NOT NULL,
    occurred_at      timestamptz NOT NULL,      -- clock time when the statement's rows were captured
    statement_at     timestamptz NOT NULL,      -- statement start
    txid             bigint NOT NULL,
    actor            text NOT NULL,             -- governance.current_actor()
    db_user          text NOT NULL,             -- session_user (text, not name: 64 bytes a row saved)
    tenant           text,
    client_addr      inet,
    application_name text,
    table_name       text NOT NULL,             -- schema-qualified; a partition's rows are named by its root
    op               text NOT NULL CHECK (op IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE')),
    row_key          jsonb,                     -- primary key as jsonb (whole row without one)
    old_values       jsonb,                     -- UPDATE: changed columns only
    new_values       jsonb,
    changed_columns  text[],
    values_hash      bytea,                     -- set by audit.redact: hash of the values it blanked
    redaction_id     bigint                     -- the audit.events row that records the redaction
) PARTITION BY RANGE (occurred_at);

-- Application events (logins, model predictions, exports, access denials).
CREATE TABLE audit.events (
    id               bigint NOT NULL,
    occurred_at      timestamptz NOT NULL,
    txid             bigint NOT NULL,
    actor            text NOT NULL,
    db_user          text NOT NULL,
    tenant           text,
    client_addr      inet,
    application_name text,
    event_type       text NOT NULL,
    action           text,
    resource_type    text,
    resource_id      text,
    details          jsonb,
    success          boolean NOT NULL,
    duration_ms      integer CHECK (duration_ms >= 0)
) PARTITION BY RANGE (occurred_at);

-- Rows that are always there, whatever the partitions: nothing is ever lost for want of
-- a partition. audit.add_partitions() creates monthly partitions ahead of time.
CREATE TABLE audit.changes_default PARTITION OF audit.changes DEFAULT;
CREATE TABLE audit.events_default PARTITION OF audit.events DEFAULT;

-- The sealer finds a transaction's rows by txid at commit. (BRIN on id would cost less per
-- row, but ranges are only summarised by vacuum, so a busy trail would be scanned whole.)
CREATE INDEX changes_txid_idx ON audit.changes (txid);
CREATE INDEX events_txid_idx ON audit.events (txid);
CREATE INDEX events_occurred_at_idx ON audit.events (occurred_at);
-- Redaction looks a row's history up by table and key.
CREATE INDEX changes_row_key_idx ON audit.changes USING hash (row_key);

-- One row per transaction that wrote audit rows, inserted by its first audited
-- statement. A deferred constraint trigger on it seals the transaction at commit.
-- Normally one per transaction; one more after each early seal (SET CONSTRAINTS ALL
-- IMMEDIATE fires the sealer before commit, and later rows open a new link).
CREATE TABLE audit.transactions (
    first_id   bigint PRIMARY KEY,    -- the link covers rows of txid with a larger id
    txid       bigint NOT NULL,
    started_at timestamptz NOT NULL   -- transaction start: no row of it is older
);

-- The hash chain: one link per committed transaction.
-- hash = sha256(prev_hash || canonical text of this link, tx_hash included).
CREATE TABLE audit.chain (
    seq         bigint PRIMARY KEY,
    txid        bigint NOT NULL,
    first_id    bigint NOT NULL UNIQUE, -- covers rows of txid with first_id < id <= last_id
    last_id     bigint NOT NULL,
    prev_hash   bytea NOT NULL,
    tx_hash     bytea NOT NULL,       -- over the digests of the transaction's rows, in id order
    row_count   bigint NOT NULL,
    first_at    timestamptz,          -- oldest and newest row covered (retention)
    last_at     timestamptz,
    sealed_at   timestamptz NOT NULL,
    hash        bytea NOT NULL
);

-- The head of the chain: one row, updated by every sealer. Its row lock is what
-- serialises sealers, and under READ COMMITTED the update always sees the latest head.
CREATE TABLE audit.chain_head (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    seq       bigint NOT NULL,
    hash      bytea NOT NULL
);
INSERT INTO audit.chain_head (seq, hash) VALUES (0, pg_catalog.sha256('\x'::bytea));

-- Retention: what audit.purge removed; the first remaining link is anchored here.
CREATE TABLE audit.purges (
    id          bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
    before      timestamptz NOT NULL,  -- rows older than this are gone
    through_seq bigint NOT NULL,       -- links up to here may cover purged rows
    partitions  text[] NOT NULL,
    purged_by   text NOT NULL,
    purged_at   timestamptz NOT NULL DEFAULT pg_catalog.now()
);

INSERT INTO governance.reference_tables (table_name, reason) VALUES
    ('audit.hash_key', 'generated at install'),
    ('audit.tables', 'audit configuration'),
    ('audit.chain_head', 'hash chain state (the evidence is audit.chain)');

GRANT SELECT ON audit.changes, audit.events, audit.chain, audit.purges, audit.tables
    TO governance_auditor, governance_admin;
