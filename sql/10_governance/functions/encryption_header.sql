-- The 18-byte header of a ciphertext (authenticated by its MAC):
--   0xE1 | flags (1 text, 2 bound to a context, 4 per-subject key) | key id (int4)
--   | key version (int4) | data key id (int8)
-- key_header is the last 16 bytes, as the keyring caches them per data key. Plain SQL:
-- the planner inlines it into the hot path and into encrypt_column's batch update.
CREATE OR REPLACE FUNCTION governance.encryption_header(
    key_header bytea, is_text boolean, has_context boolean, per_subject boolean)
RETURNS bytea
LANGUAGE sql IMMUTABLE
AS $$
    SELECT pg_catalog.set_byte('\xe100'::bytea, 1,
                               CASE WHEN is_text THEN 1 ELSE 0 END
                               + CASE WHEN has_context THEN 2 ELSE 0 END
                               + CASE WHEN per_subject THEN 4 ELSE 0 END)
           || key_header
$$;

COMMENT ON FUNCTION governance.encryption_header(bytea, boolean, boolean, boolean) IS
    'Internal: format byte, flags and key reference that start every ciphertext';
