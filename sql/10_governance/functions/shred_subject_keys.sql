-- Crypto-shredding: destroys every per-subject data key of a data subject, under every
-- key and version, so that the subject's ciphertexts become unreadable wherever they
-- are copied. The rows stay as tombstones (no key material, no subject hash) so that
-- decrypt reports "destroyed" instead of "unknown". Needs no master key: erasure works
-- while encryption is locked. Returns how many keys were destroyed.
CREATE OR REPLACE FUNCTION governance.shred_subject_keys(subject_key text)
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    shredded bigint[];
BEGIN
    IF subject_key IS NULL OR subject_key = '' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'governance.shred_subject_keys: subject_key is required';
    END IF;
    WITH destroyed AS (
        UPDATE governance.data_keys d
           SET wrapped = NULL, subject_hash = NULL, shredded_at = pg_catalog.now()
         WHERE d.subject_hash = governance.encryption_subject_hash(subject_key)
        RETURNING d.id)
    SELECT pg_catalog.array_agg(id) INTO shredded FROM destroyed;
    IF governance.encryption_keyring(false) THEN
        DELETE FROM pg_temp.governance_unlocked_keys kr WHERE kr.data_key_id = ANY (shredded);
    END IF;
    RETURN COALESCE(pg_catalog.cardinality(shredded), 0);
END
$$;

COMMENT ON FUNCTION governance.shred_subject_keys(text) IS
    'Destroys all per-subject data keys of a subject (crypto-shredding); returns how many';

GRANT EXECUTE ON FUNCTION governance.shred_subject_keys(text) TO governance_admin, governance_dpo;
