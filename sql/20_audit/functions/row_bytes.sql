-- What a statement's rows_hash covers of one changed row: its binary form (record_send),
-- canonical whatever the session's TimeZone or DateStyle. The values enter only through
-- their hash (audit.values_hash, or the one audit.redact kept when it blanked them).
-- The capture statement and audit.verify_chain both hash through this one definition;
-- plain SQL, so the planner inlines it.
CREATE OR REPLACE FUNCTION audit.row_bytes(
    id bigint, occurred_at timestamptz, row_key jsonb, changed_columns text[], values_hash bytea)
RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT pg_catalog.record_send(ROW(id, occurred_at, row_key, changed_columns, values_hash)) $$;

COMMENT ON FUNCTION audit.row_bytes(bigint, timestamptz, jsonb, text[], bytea) IS
    'Internal: the bytes of a changed row that its statement''s rows_hash covers';
