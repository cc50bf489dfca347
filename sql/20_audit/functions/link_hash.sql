-- hash of a chain link = sha256(previous link's hash || binary form of this link).
CREATE OR REPLACE FUNCTION audit.link_hash(
    prev_hash bytea, seq bigint, txid bigint, first_id bigint, last_id bigint, row_count bigint,
    tx_hash bytea, first_at timestamptz, last_at timestamptz, sealed_at timestamptz)
RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT pg_catalog.sha256(prev_hash || pg_catalog.record_send(ROW(
        seq, txid, first_id, last_id, row_count, tx_hash, first_at, last_at, sealed_at)))
$$;

COMMENT ON FUNCTION audit.link_hash(bytea, bigint, bigint, bigint, bigint, bigint, bytea, timestamptz, timestamptz, timestamptz)
    IS 'Internal: hash of one link of the audit chain';
