-- Shared argument check of the consent, request, CCPA and HIPAA functions: a clear
-- error naming the function and the argument, instead of a NOT NULL or CHECK failure.
CREATE OR REPLACE FUNCTION privacy.require_nonempty(caller text, argument text, value text)
RETURNS text
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF value IS NULL OR pg_catalog.btrim(value) = '' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: %s must be a non-empty string', caller, argument);
    END IF;
    RETURN value;
END
$$;

COMMENT ON FUNCTION privacy.require_nonempty(text, text, text) IS
    'Internal: raises 22023 naming the caller and argument when value is NULL or blank; returns it otherwise';
