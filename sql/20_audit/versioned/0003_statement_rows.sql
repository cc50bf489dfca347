-- Cheaper capture (docs/audit.md, Performance): the context of a statement (actor, db
-- user, tenant, client, application, times, table, operation) is written once per
-- statement in audit.statements instead of in every changed row, and each statement
-- row carries the hash of its rows, computed by the capture statement itself, so that the
-- sealer hashes one digest per statement at commit instead of reading every row back.
-- audit.changes becomes a view (views/changes.sql) with the documented columns.
--
-- The rows written before this migration keep their table, renamed audit.changes_v1, and
-- their digests: the links that sealed them still verify (views/digests.sql).

ALTER TABLE audit.changes RENAME TO changes_v1;
ALTER INDEX audit.changes_txid_idx RENAME TO changes_v1_txid_idx;
ALTER INDEX audit.changes_row_key_idx RENAME TO changes_v1_row_key_idx;
DO $rename$
DECLARE
    part record;
BEGIN
    FOR part IN SELECT c.relname FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
                 WHERE i.inhparent = 'audit.changes_v1'::regclass LOOP
        EXECUTE pg_catalog.format('ALTER TABLE audit.%I RENAME TO %I', part.relname,
                                  pg_catalog.replace(part.relname, 'changes_', 'changes_v1_'));
    END LOOP;
END
$rename$;

-- One row per audited statement (per emptied table for TRUNCATE), with its context and
-- the hash of its rows. Partitioned by month like the rest of the trail (audit.purge).
CREATE TABLE audit.statements (
    id               bigint NOT NULL,           -- from audit.ids, below the ids of its rows
    txid             bigint NOT NULL,
    occurred_at      timestamptz NOT NULL,      -- clock time when the statement's rows were captured
    statement_at     timestamptz NOT NULL,      -- statement start
    actor            text NOT NULL,
    db_user          text NOT NULL,
    tenant           text,
    client_addr      inet,
    application_name text,
    table_name       text NOT NULL,
    op               text NOT NULL,             -- INSERT, UPDATE, DELETE, TRUNCATE: TG_OP (no CHECK: the
                                                -- executor would parse it again for every statement)
    row_count        bigint NOT NULL,           -- rows written in audit.row_changes
    rows_hash        bytea NOT NULL             -- sha256 over audit.row_bytes of its rows, in id order
) PARTITION BY RANGE (occurred_at);

-- One row per changed row: only what differs from row to row.
CREATE TABLE audit.row_changes (
    id               bigint NOT NULL,
    statement_id     bigint NOT NULL,           -- audit.statements.id
    occurred_at      timestamptz NOT NULL,      -- its statement's: the partition key
    row_key          jsonb,
    old_values       jsonb,
    new_values       jsonb,
    changed_columns  text[],
    values_hash      bytea,                     -- set by audit.redact: hash of the values it blanked
    redaction_id     bigint
) PARTITION BY RANGE (occurred_at);

CREATE TABLE audit.statements_default PARTITION OF audit.statements DEFAULT;
CREATE TABLE audit.row_changes_default PARTITION OF audit.row_changes DEFAULT;

-- One index per statement serves both the sealer (a link's statements are those of its
-- transaction with an id above the link's floor: a short range of recent ids) and the
-- view audit.changes (rows joined to their statement). The rows themselves need no
-- txid index any more: nothing reads them back at commit.
CREATE INDEX statements_id_idx ON audit.statements (id);
-- Redaction looks a row's history up by key.
CREATE INDEX row_changes_row_key_idx ON audit.row_changes USING hash (row_key);

GRANT SELECT ON audit.statements, audit.row_changes, audit.changes_v1 TO governance_auditor, governance_admin;
