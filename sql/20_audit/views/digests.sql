-- Every item a chain link covers, with its digest: what the sealer hashes and
-- the verifier recomputes. Statements and events draw ids from audit.ids, so id orders
-- a transaction's items.
--
-- A digest is sha256 of the binary form (record_send) of the item's columns. The binary
-- form is canonical: a timestamptz is its microseconds, whatever the session's TimeZone
-- or DateStyle; jsonb is its canonical text; text is the database's bytes.
--   statement: its context, row_count and rows_hash (the hash of its rows, computed when
--              they were captured; audit.verify_chain recomputes it from the rows).
--   event:     all its columns.
--   change row written before migration 0003 (audit.changes_v1): its own digest, as it
--              was sealed, the values entering through audit.values_hash.
-- row_count: the audit rows an item stands for. early: a change row of audit.changes_v1
-- (the sealer, which only seals new items, filters them out at plan time).
CREATE OR REPLACE VIEW audit.digests AS
SELECT c.id, c.txid, c.occurred_at,
       pg_catalog.sha256(pg_catalog.record_send(ROW(
           c.id, c.txid, c.occurred_at, c.statement_at, c.actor, c.db_user, c.tenant, c.client_addr,
           c.application_name, c.table_name, c.op, c.row_key, c.changed_columns,
           COALESCE(c.values_hash, audit.values_hash(c.old_values, c.new_values))))) AS digest,
       1::bigint AS row_count, true AS early
  FROM audit.changes_v1 c
UNION ALL
SELECT e.id, e.txid, e.occurred_at,
       pg_catalog.sha256(pg_catalog.record_send(ROW(
           e.id, e.txid, e.occurred_at, e.actor, e.db_user, e.tenant, e.client_addr, e.application_name,
           e.event_type, e.action, e.resource_type, e.resource_id, e.details, e.success, e.duration_ms))),
       1::bigint, false
  FROM audit.events e
UNION ALL
SELECT s.id, s.txid, s.occurred_at,
       pg_catalog.sha256(pg_catalog.record_send(ROW(
           s.id, s.txid, s.occurred_at, s.statement_at, s.actor, s.db_user, s.tenant, s.client_addr,
           s.application_name, s.table_name, s.op, s.row_count, s.rows_hash))),
       s.row_count, false
  FROM audit.statements s;

COMMENT ON VIEW audit.digests IS 'Internal: the items of the audit chain (statements, events, early change rows) and their digests';
