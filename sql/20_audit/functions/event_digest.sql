-- The digest of one audit.events row, as audit.change_digest for changes.
CREATE OR REPLACE FUNCTION audit.event_digest(e audit.events)
RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT pg_catalog.sha256(pg_catalog.record_send(ROW(
        e.id, e.txid, e.occurred_at, e.actor, e.db_user::text, e.tenant, e.client_addr, e.application_name,
        e.event_type, e.action, e.resource_type, e.resource_id, e.details, e.success, e.duration_ms)))
$$;

COMMENT ON FUNCTION audit.event_digest(audit.events) IS 'internal: hash of one event as covered by the chain';
