-- What is wrong with an OpenLineage RunEvent, as "<JSON path> <problem>", or NULL when it
-- is acceptable. Checks what the published schema requires (run.runId a UUID, job
-- namespace and name, eventTime, producer URI, dataset namespace and name) plus what
-- ingestion relies on (eventType, the shape of the schema and columnLineage facets).
CREATE OR REPLACE FUNCTION lineage.openlineage_problem(event jsonb)
RETURNS text
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    list text;
    dataset record;
    col record;
    source record;
BEGIN
    IF pg_catalog.jsonb_typeof(event) IS DISTINCT FROM 'object' THEN
        RETURN '$ must be a JSON object';
    ELSIF pg_catalog.jsonb_typeof(event -> 'eventType') IS DISTINCT FROM 'string'
          OR event ->> 'eventType' NOT IN ('START', 'RUNNING', 'COMPLETE', 'ABORT', 'FAIL', 'OTHER') THEN
        RETURN '$.eventType must be one of START, RUNNING, COMPLETE, ABORT, FAIL, OTHER';
    ELSIF pg_catalog.jsonb_typeof(event -> 'eventTime') IS DISTINCT FROM 'string'
          OR event ->> 'eventTime' !~ '^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}(:?\d{2})?)?$' THEN
        RETURN '$.eventTime must be an ISO 8601 date-time string';
    ELSIF pg_catalog.jsonb_typeof(event -> 'producer') IS DISTINCT FROM 'string'
          OR event ->> 'producer' !~ '^[A-Za-z][A-Za-z0-9+.-]*:\S+$' THEN
        RETURN '$.producer must be a URI string';
    ELSIF event ? 'schemaURL' AND (pg_catalog.jsonb_typeof(event -> 'schemaURL') <> 'string'
                                   OR event ->> 'schemaURL' !~ '^[A-Za-z][A-Za-z0-9+.-]*:\S+$') THEN
        RETURN '$.schemaURL must be a URI string';
    ELSIF pg_catalog.jsonb_typeof(event -> 'run') IS DISTINCT FROM 'object' THEN
        RETURN '$.run must be an object';
    ELSIF pg_catalog.jsonb_typeof(event #> '{run,runId}') IS DISTINCT FROM 'string'
          OR event #>> '{run,runId}' !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
        RETURN '$.run.runId must be a UUID string';
    ELSIF pg_catalog.jsonb_typeof(event -> 'job') IS DISTINCT FROM 'object' THEN
        RETURN '$.job must be an object';
    ELSIF pg_catalog.jsonb_typeof(event #> '{job,namespace}') IS DISTINCT FROM 'string' OR event #>> '{job,namespace}' = '' THEN
        RETURN '$.job.namespace must be a non-empty string';
    ELSIF pg_catalog.jsonb_typeof(event #> '{job,name}') IS DISTINCT FROM 'string' OR event #>> '{job,name}' = '' THEN
        RETURN '$.job.name must be a non-empty string';
    END IF;

    FOREACH list IN ARRAY ARRAY['inputs', 'outputs'] LOOP
        IF event ? list AND pg_catalog.jsonb_typeof(event -> list) <> 'array' THEN
            RETURN pg_catalog.format('$.%s must be an array', list);
        END IF;
        FOR dataset IN SELECT d.value, d.ordinality - 1 AS i
                         FROM pg_catalog.jsonb_array_elements(COALESCE(event -> list, '[]')) WITH ORDINALITY d LOOP
            IF pg_catalog.jsonb_typeof(dataset.value) <> 'object' THEN
                RETURN pg_catalog.format('$.%s[%s] must be an object', list, dataset.i);
            ELSIF pg_catalog.jsonb_typeof(dataset.value -> 'namespace') IS DISTINCT FROM 'string' OR dataset.value ->> 'namespace' = '' THEN
                RETURN pg_catalog.format('$.%s[%s].namespace must be a non-empty string', list, dataset.i);
            ELSIF pg_catalog.jsonb_typeof(dataset.value -> 'name') IS DISTINCT FROM 'string' OR dataset.value ->> 'name' = '' THEN
                RETURN pg_catalog.format('$.%s[%s].name must be a non-empty string', list, dataset.i);
            ELSIF dataset.value ? 'facets' AND pg_catalog.jsonb_typeof(dataset.value -> 'facets') <> 'object' THEN
                RETURN pg_catalog.format('$.%s[%s].facets must be an object', list, dataset.i);
            ELSIF dataset.value #> '{facets,schema}' ? 'fields'
                  AND (pg_catalog.jsonb_typeof(dataset.value #> '{facets,schema,fields}') <> 'array'
                       OR EXISTS (SELECT 1 FROM pg_catalog.jsonb_array_elements(dataset.value #> '{facets,schema,fields}') f
                                   WHERE pg_catalog.jsonb_typeof(f -> 'name') IS DISTINCT FROM 'string')) THEN
                RETURN pg_catalog.format('$.%s[%s].facets.schema.fields must be an array of objects with a string name', list, dataset.i);
            ELSIF dataset.value #> '{facets,columnLineage}' IS NOT NULL
                  AND pg_catalog.jsonb_typeof(dataset.value #> '{facets,columnLineage,fields}') IS DISTINCT FROM 'object' THEN
                RETURN pg_catalog.format('$.%s[%s].facets.columnLineage.fields must be an object', list, dataset.i);
            END IF;
            FOR col IN SELECT c.key, c.value
                         FROM pg_catalog.jsonb_each(COALESCE(dataset.value #> '{facets,columnLineage,fields}', '{}')) c LOOP
                IF pg_catalog.jsonb_typeof(col.value -> 'inputFields') IS DISTINCT FROM 'array' THEN
                    RETURN pg_catalog.format('$.%s[%s].facets.columnLineage.fields.%s.inputFields must be an array',
                                             list, dataset.i, col.key);
                END IF;
                FOR source IN SELECT s.value, s.ordinality - 1 AS i
                                FROM pg_catalog.jsonb_array_elements(col.value -> 'inputFields') WITH ORDINALITY s LOOP
                    IF pg_catalog.jsonb_typeof(source.value -> 'namespace') IS DISTINCT FROM 'string'
                       OR pg_catalog.jsonb_typeof(source.value -> 'name') IS DISTINCT FROM 'string'
                       OR pg_catalog.jsonb_typeof(source.value -> 'field') IS DISTINCT FROM 'string'
                       OR '' IN (source.value ->> 'namespace', source.value ->> 'name', source.value ->> 'field') THEN
                        RETURN pg_catalog.format('$.%s[%s].facets.columnLineage.fields.%s.inputFields[%s] needs non-empty namespace, name and field strings',
                                                 list, dataset.i, col.key, source.i);
                    ELSIF source.value ? 'transformations'
                          AND pg_catalog.jsonb_typeof(source.value -> 'transformations') <> 'array' THEN
                        RETURN pg_catalog.format('$.%s[%s].facets.columnLineage.fields.%s.inputFields[%s].transformations must be an array',
                                                 list, dataset.i, col.key, source.i);
                    END IF;
                END LOOP;
            END LOOP;
        END LOOP;
    END LOOP;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION lineage.openlineage_problem(jsonb) IS
    'What is wrong with an OpenLineage RunEvent (JSON path and problem), NULL if it can be ingested';

GRANT EXECUTE ON FUNCTION lineage.openlineage_problem(jsonb) TO governance_admin, governance_auditor, governance_app;
