-- A big-endian integer field of a ciphertext header (key id: bytes 3-6, version: 7-10,
-- data key id: 11-18), decoded without a lookup. Plain SQL, inlined by the planner.
CREATE OR REPLACE FUNCTION governance.encryption_header_field(ciphertext bytea, first integer, bytes integer)
RETURNS bigint
LANGUAGE sql IMMUTABLE
AS $$
    SELECT ('x' || pg_catalog.lpad(pg_catalog.encode(pg_catalog.substr(ciphertext, first, bytes), 'hex'), 16, '0'))::bit(64)::bigint
$$;

COMMENT ON FUNCTION governance.encryption_header_field(bytea, integer, integer) IS
    'Internal: an integer field (key id, version, data key id) of a ciphertext header';
