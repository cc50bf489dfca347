-- The digest of one audit.changes row: sha256 of the binary form (record_send) of every
-- column except redaction_id (set later by audit.redact, which is itself an audited
-- event). The binary form is canonical: a timestamptz is its microseconds, whatever the
-- session's TimeZone or DateStyle; jsonb is its canonical text; text is the database's
-- bytes. It is also cheaper to produce than text.
CREATE OR REPLACE FUNCTION audit.change_digest(c audit.changes)
RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT pg_catalog.sha256(pg_catalog.record_send(ROW(
        c.id, c.txid, c.occurred_at, c.statement_at, c.actor, c.db_user::text, c.tenant, c.client_addr,
        c.application_name, c.table_name, c.op, c.row_key, c.changed_columns,
        COALESCE(c.values_hash, audit.values_hash(c.old_values, c.new_values)))))
$$;

COMMENT ON FUNCTION audit.change_digest(audit.changes) IS 'internal: hash of one change as covered by the chain';
