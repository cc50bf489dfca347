-- The HMAC key of the context seal, padded to SHA-256's 64-byte block and XORed with an
-- HMAC pad byte (54 inner, 92 outer). IMMUTABLE on purpose although it reads a table:
-- governance.context_key is written once, at install, and never changes, so the planner
-- folds a call with a constant argument into the cached plan of its caller. The seal's
-- callers (set_context, sealed_context_values) then pay no key lookup per call: that lookup
-- was a quarter of their cost. Not granted: the callers run it with their owner's
-- rights, and a caller without EXECUTE cannot have it folded into its own plan either.
CREATE OR REPLACE FUNCTION governance.context_key_pad(pad integer)
RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT
AS $$
    SELECT pg_catalog.decode(pg_catalog.string_agg(
               pg_catalog.lpad(pg_catalog.to_hex(pg_catalog.get_byte(padded.key, i) # pad), 2, '0'), '' ORDER BY i), 'hex')
      FROM (SELECT k.key || pg_catalog.decode(pg_catalog.repeat('00', 64 - pg_catalog.length(k.key)), 'hex') AS key
              FROM governance.context_key k) padded,
           pg_catalog.generate_series(0, 63) i
$$;

COMMENT ON FUNCTION governance.context_key_pad(integer) IS
    'Internal: the context seal''s HMAC key XORed with an HMAC pad byte, folded into its callers'' plans';
