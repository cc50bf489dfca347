-- The digest of one audit.changes row: sha256 of a canonical text of every column
-- except redaction_id (set later by audit.redact, which is itself an audited event).
-- Record text is deterministic; timestamps, inet and bytea go through fixed formats.
CREATE OR REPLACE FUNCTION audit.change_digest(c audit.changes)
RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT pg_catalog.sha256(pg_catalog.convert_to(ROW(
        c.id, c.txid, audit.utc_text(c.occurred_at), audit.utc_text(c.statement_at), c.actor, c.db_user::text,
        c.tenant, c.client_addr::text, c.application_name, c.table_name, c.op, c.row_key::text,
        c.changed_columns::text,
        pg_catalog.encode(COALESCE(c.values_hash, audit.values_hash(c.old_values, c.new_values)), 'hex'))::text,
        'UTF8'))
$$;

COMMENT ON FUNCTION audit.change_digest(audit.changes) IS 'internal: hash of one change as covered by the chain';
