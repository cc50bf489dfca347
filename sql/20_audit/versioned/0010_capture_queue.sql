-- Capture at the floor (docs/audit.md, Capture): the change trigger no longer computes the
-- trail in the writer's transaction. It writes the raw record of each statement into
-- audit.pending (one row, with the context fixed at capture and, for a one-row statement,
-- the row's old and new values as jsonb) and, for statements of several rows, the rows
-- themselves, typed, into a shadow table of the statement's row shape (audit.shapes).
-- Restricted columns are hashed before they are written, excluded ones never are. The
-- sealer (audit.materialize, called by every sealer) turns those records into
-- audit.statements and audit.row_changes, as before, and the chain links them.
--
-- Records already in audit.statements and audit.row_changes (the previous capture's,
-- waiting in audit.transactions for their link) are linked as they are.

-- The raw statements. Not partitioned: a row leaves when the sealer turns it into the
-- trail, a second or a cron interval after its commit. No index: the sealer takes every
-- visible row at once, and nothing looks one up.
CREATE TABLE audit.pending (
    id               bigint NOT NULL,           -- from audit.ids: the statement's id in audit.statements
    row_id           bigint,                    -- one-row statements: the row's id
    txid             bigint NOT NULL,
    occurred_at      timestamptz NOT NULL,
    statement_at     timestamptz NOT NULL,
    actor            text NOT NULL,
    db_user          text NOT NULL,
    tenant           text,
    client_addr      inet,
    application_name text,
    table_name       text NOT NULL,
    op               text NOT NULL,
    key_columns      text NOT NULL,             -- the key columns at capture (a text[] literal)
    row_count        bigint NOT NULL,           -- rows the statement changed (UPDATE: new rows); 0: none
    row_key          jsonb,                     -- TRUNCATE of a partition: {"partition": ...}
    old_row          jsonb,                     -- the (first) row, as stored (masked): used for one-row statements
    new_row          jsonb,
    relid            oid NOT NULL               -- the table the statement named (several rows: in its shadows)
);
-- No CHECK constraint: the executor prepares CHECK expressions for every statement, and
-- this table takes one row per audited statement. The sealer writes the times into
-- audit.statements, whose constraint checks them (0006).
-- A queue: every row is deleted within seconds, and every seal scans what is left,
-- dead rows included, until vacuum removes them. Vacuumed after a thousand dead rows,
-- whatever the table's size (a bulk load leaves a hundred thousand at once).
ALTER TABLE audit.pending SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000,
                               autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 1000);
ALTER TABLE audit.transactions SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000);
COMMENT ON TABLE audit.pending IS
    'Internal: raw audit records of statements awaiting the sealer (audit.materialize), with their context fixed at capture';

-- One shadow table per row shape (table, columns, types, which are hashed) that a
-- statement of several rows had when it was captured. Its columns are c1, c2, ... in the
-- order of columns: names here, so that a column renamed, dropped, added or retyped
-- after capture never moves a value under another name.
CREATE TABLE audit.shapes (
    shadow     regclass PRIMARY KEY,
    shape_key  text NOT NULL UNIQUE,           -- md5 of the relation and its stored columns' names and types
    relid      oid NOT NULL,
    table_name text NOT NULL,
    columns    text[] NOT NULL,                -- column names, in the order of c1, c2, ...
    created_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE audit.shapes IS
    'Internal: the row shapes of captured multi-row statements and the shadow tables holding their rows until sealed';

INSERT INTO governance.reference_tables (table_name, reason) VALUES
    ('audit.shapes', 'capture bookkeeping (the evidence is audit.changes)');

-- A transaction's rows are queued by the sealer itself now, with the floor below its first
-- statement, which an event's floor of the same transaction may equal: unique per
-- transaction, as its links are.
ALTER TABLE audit.transactions DROP CONSTRAINT transactions_pkey;
ALTER TABLE audit.transactions ADD PRIMARY KEY (txid, first_id);

GRANT SELECT ON audit.pending, audit.shapes TO governance_auditor, governance_admin;
