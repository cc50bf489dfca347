-- The keyed hash selecting a per-subject data key (callers use '' for the shared key
-- when there is no subject key, without calling this).
CREATE OR REPLACE FUNCTION governance.encryption_subject_key_hash(fn text, subject_key text)
RETURNS bytea
LANGUAGE plpgsql STABLE
AS $$
BEGIN
    IF subject_key = '' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = fn || ': subject_key must be NULL (shared key) or non-empty';
    END IF;
    RETURN governance.encryption_subject_hash(subject_key);
END
$$;

COMMENT ON FUNCTION governance.encryption_subject_key_hash(text, text) IS
    'Internal: selects the shared or a per-subject data key';
