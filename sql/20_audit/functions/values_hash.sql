-- Hash of a change's stored values. A change's digest covers its values only through
-- this hash, so audit.redact can blank the values, keep their hash, and the chain still
-- verifies.
CREATE OR REPLACE FUNCTION audit.values_hash(old_values jsonb, new_values jsonb)
RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT pg_catalog.sha256(pg_catalog.record_send(ROW(old_values, new_values))) $$;

COMMENT ON FUNCTION audit.values_hash(jsonb, jsonb) IS 'Internal: hash of the old and new values of a change';
