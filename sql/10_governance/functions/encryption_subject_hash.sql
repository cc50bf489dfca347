-- Keyed hash of a subject key: the key tables never hold the subject's identifier, and
-- shredding finds a subject's keys without the master key.
CREATE OR REPLACE FUNCTION governance.encryption_subject_hash(subject_key text)
RETURNS bytea
LANGUAGE sql STABLE
AS $$
    SELECT governance.hmac_sha256(pg_catalog.convert_to(subject_key, 'UTF8'), p.pepper)
      FROM governance.subject_pepper p
$$;

COMMENT ON FUNCTION governance.encryption_subject_hash(text) IS
    'Internal: keyed hash identifying a data subject''s keys';
