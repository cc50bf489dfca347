-- A function that takes a data subject's key refuses a missing one, naming itself: a
-- NULL key would match nothing (or, in the pack's own records, every row with no key).
-- An empty key is missing too, except where an application's table may use it as a key
-- (erasure and export, empty_allowed); the pack's own records never store one.
CREATE OR REPLACE FUNCTION governance.require_subject_key(caller text, subject_key text, empty_allowed boolean DEFAULT false)
RETURNS void
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF subject_key IS NULL OR subject_key = '' AND NOT empty_allowed THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = pg_catalog.format('%s: a subject key is required', caller);
    END IF;
END
$$;

COMMENT ON FUNCTION governance.require_subject_key(text, text, boolean) IS
    'Internal: raises 22004 naming the caller when the subject key is NULL (or empty, unless empty_allowed)';
