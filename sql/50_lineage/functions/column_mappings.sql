-- The column mappings an edge's details declare, validated:
--   details.column_mappings = [{"source": "email", "target": "email_hash", "transformation": "hash"}, ...]
-- transformation defaults to 'identity'. Errors name the failing path.
CREATE OR REPLACE FUNCTION lineage.column_mappings(caller text, details jsonb)
RETURNS TABLE (source_column text, target_column text, transformation text)
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    mappings jsonb := details -> 'column_mappings';
    item jsonb;
    idx integer := 0;
    problem text;
BEGIN
    IF mappings IS NULL THEN
        RETURN;
    END IF;
    IF pg_catalog.jsonb_typeof(mappings) <> 'array' THEN
        problem := '$.column_mappings must be an array';
    END IF;
    FOR item IN SELECT m FROM pg_catalog.jsonb_array_elements(CASE WHEN problem IS NULL THEN mappings ELSE '[]' END) m LOOP
        IF pg_catalog.jsonb_typeof(item) <> 'object' THEN
            problem := pg_catalog.format('$.column_mappings[%s] must be an object', idx);
        ELSIF pg_catalog.jsonb_typeof(item -> 'source') IS DISTINCT FROM 'string' OR item ->> 'source' = '' THEN
            problem := pg_catalog.format('$.column_mappings[%s].source must be a non-empty string', idx);
        ELSIF pg_catalog.jsonb_typeof(item -> 'target') IS DISTINCT FROM 'string' OR item ->> 'target' = '' THEN
            problem := pg_catalog.format('$.column_mappings[%s].target must be a non-empty string', idx);
        ELSIF item ? 'transformation'
              AND (pg_catalog.jsonb_typeof(item -> 'transformation') <> 'string'
                   OR item ->> 'transformation' !~ '^[a-z][a-z0-9_]*$') THEN
            problem := pg_catalog.format('$.column_mappings[%s].transformation must be a lower-case word (a-z, 0-9, _)', idx);
        END IF;
        EXIT WHEN problem IS NOT NULL;
        idx := idx + 1;
    END LOOP;
    IF problem IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: details %s', caller, problem);
    END IF;

    RETURN QUERY
    SELECT DISTINCT m ->> 'source', m ->> 'target', COALESCE(m ->> 'transformation', 'identity')
      FROM pg_catalog.jsonb_array_elements(mappings) m;
END
$$;

COMMENT ON FUNCTION lineage.column_mappings(text, jsonb) IS
    'Internal: the validated column mappings of edge details ($.column_mappings)';
