-- hash of a chain link = sha256(previous link's hash || canonical text of this link).
CREATE OR REPLACE FUNCTION audit.link_hash(
    prev_hash bytea, seq bigint, txid bigint, first_id bigint, last_id bigint, row_count bigint,
    tx_hash bytea, first_at timestamptz, last_at timestamptz, sealed_at timestamptz)
RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT pg_catalog.sha256(prev_hash || pg_catalog.convert_to(ROW(
        seq, txid, first_id, last_id, row_count, pg_catalog.encode(tx_hash, 'hex'),
        audit.utc_text(first_at), audit.utc_text(last_at), audit.utc_text(sealed_at))::text, 'UTF8'))
$$;

COMMENT ON FUNCTION audit.link_hash(bytea, bigint, bigint, bigint, bigint, bigint, bytea, timestamptz, timestamptz, timestamptz)
    IS 'internal: hash of one link of the audit chain';
