-- Every audit row with its digest: what the sealer hashes at commit and the verifier
-- recomputes. Both tables draw ids from audit.ids, so id orders them together.
--
-- A digest is sha256 of the binary form (record_send) of every column of the row. The
-- binary form is canonical: a timestamptz is its microseconds, whatever the session's
-- TimeZone or DateStyle; jsonb is its canonical text; text is the database's bytes. It
-- is also cheaper to produce than text. A change's values enter only through
-- audit.values_hash, which audit.redact keeps when it blanks them; redaction_id, set by
-- audit.redact (itself an audited event), is left out.
CREATE OR REPLACE VIEW audit.digests AS
SELECT c.id, c.txid, c.occurred_at,
       pg_catalog.sha256(pg_catalog.record_send(ROW(
           c.id, c.txid, c.occurred_at, c.statement_at, c.actor, c.db_user, c.tenant, c.client_addr,
           c.application_name, c.table_name, c.op, c.row_key, c.changed_columns,
           COALESCE(c.values_hash, audit.values_hash(c.old_values, c.new_values))))) AS digest
  FROM audit.changes c
UNION ALL
SELECT e.id, e.txid, e.occurred_at,
       pg_catalog.sha256(pg_catalog.record_send(ROW(
           e.id, e.txid, e.occurred_at, e.actor, e.db_user, e.tenant, e.client_addr, e.application_name,
           e.event_type, e.action, e.resource_type, e.resource_id, e.details, e.success, e.duration_ms)))
  FROM audit.events e;

COMMENT ON VIEW audit.digests IS 'internal: audit rows and the digests the hash chain covers';
