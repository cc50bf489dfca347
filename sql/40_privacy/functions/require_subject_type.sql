-- Resolves the subject_type argument of the erasure functions: a registered type, or,
-- when NULL, the only registered one.
CREATE OR REPLACE FUNCTION privacy.require_subject_type(caller text, subject_type text)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    registered text[] := ARRAY(SELECT s.subject_type FROM privacy.subjects s ORDER BY 1);
BEGIN
    IF subject_type IS NULL THEN
        IF pg_catalog.cardinality(registered) = 1 THEN
            RETURN registered[1];
        END IF;
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: subject_type is required (registered: %s)', caller,
                                        COALESCE(NULLIF(pg_catalog.array_to_string(registered, ', '), ''), 'none')),
            HINT = CASE WHEN pg_catalog.cardinality(registered) = 0
                        THEN 'Register subject tables with privacy.register_subject(subject_type, table, key_column).'
                        ELSE pg_catalog.format('Name the one it is about, e.g. subject_type => %L.', registered[1]) END;
    END IF;
    IF subject_type <> ALL (registered) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: unknown subject type %L', caller, subject_type),
            HINT = 'Register it with privacy.register_subject(subject_type, table, key_column).';
    END IF;
    RETURN subject_type;
END
$$;

COMMENT ON FUNCTION privacy.require_subject_type(text, text) IS
    'Internal: the registered subject type to use: the one given, or the only one registered; raises otherwise';
