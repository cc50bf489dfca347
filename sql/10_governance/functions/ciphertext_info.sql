-- What a ciphertext's header says, without decrypting or authenticating it: which key and
-- version, whether it is per-subject or bound to a context. For reports and reencrypt's
-- progress; decrypt is what verifies.
CREATE OR REPLACE FUNCTION governance.ciphertext_info(
    ciphertext bytea,
    OUT key_name text, OUT version integer, OUT data_key_id bigint,
    OUT is_text boolean, OUT context_bound boolean, OUT per_subject boolean, OUT key_destroyed boolean)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
    SELECT k.name, h.version, h.data_key_id,
           h.flags & 1 <> 0, h.flags & 2 <> 0, h.flags & 4 <> 0, d.shredded_at IS NOT NULL
      FROM (SELECT pg_catalog.get_byte(ciphertext, 1) AS flags,
                   ('x' || pg_catalog.encode(pg_catalog.substr(ciphertext, 3, 4), 'hex'))::bit(32)::integer AS key_id,
                   ('x' || pg_catalog.encode(pg_catalog.substr(ciphertext, 7, 4), 'hex'))::bit(32)::integer AS version,
                   ('x' || pg_catalog.encode(pg_catalog.substr(ciphertext, 11, 8), 'hex'))::bit(64)::bigint AS data_key_id
             WHERE pg_catalog.length(ciphertext) >= 82 AND pg_catalog.get_byte(ciphertext, 0) = 225) h
      LEFT JOIN governance.keys k ON k.id = h.key_id
      LEFT JOIN governance.data_keys d ON d.id = h.data_key_id
$$;

COMMENT ON FUNCTION governance.ciphertext_info(bytea) IS
    'Key, version and flags read from a ciphertext''s header (not authenticated: decrypt verifies); NULLs for a non-ciphertext';

GRANT EXECUTE ON FUNCTION governance.ciphertext_info(bytea)
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
