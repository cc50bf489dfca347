-- How erasure evidence names a subject: a keyed hash, never the key. The same subject
-- always gives the same hash (a repeated request is recognised); without the key,
-- which no governance role can read, the hash cannot be tested against guesses.
CREATE OR REPLACE FUNCTION privacy.subject_hash(subject_type text, subject_key text)
RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.encode(governance.hmac_sha256(
               pg_catalog.convert_to(subject_type || ':' || subject_key, 'UTF8'), k.key), 'hex')
      FROM privacy.erasure_key k
$$;

COMMENT ON FUNCTION privacy.subject_hash(text, text) IS
    'Internal: keyed hash (HMAC-SHA-256 under privacy.erasure_key) naming a subject in erasure records';
