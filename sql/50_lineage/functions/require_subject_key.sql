-- The subject functions (subject_impact, subject_predictions, forget_subject) take a data
-- subject's key: without one they would match nothing, or every prediction with no key.
CREATE OR REPLACE FUNCTION lineage.require_subject_key(caller text, subject_key text)
RETURNS void
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF subject_key IS NULL OR subject_key = '' THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = pg_catalog.format('%s: a subject key is required', caller);
    END IF;
END
$$;

COMMENT ON FUNCTION lineage.require_subject_key(text, text) IS
    'internal: raises 22004 naming the caller when the subject key is NULL or empty';
