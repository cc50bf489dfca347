-- What is wrong with an OpenLineage event (RunEvent, JobEvent or DatasetEvent, see
-- lineage.openlineage_kind), as "<JSON path> <problem>", or NULL when it is acceptable.
-- Checks what the published schema requires (eventTime, producer URI, run.runId a UUID,
-- job namespace and name, dataset namespace and name) plus what ingestion relies on
-- (eventType, the shape of the schema and columnLineage facets). Definer rights only so
-- that its two steps stay internal; it reads no table.
CREATE OR REPLACE FUNCTION lineage.openlineage_problem(event jsonb)
RETURNS text
LANGUAGE plpgsql IMMUTABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    kind text;
    list text;
    dataset record;
    problem text;
BEGIN
    IF pg_catalog.jsonb_typeof(event) IS DISTINCT FROM 'object' THEN
        RETURN '$ must be a JSON object';
    ELSIF pg_catalog.jsonb_typeof(event -> 'eventTime') IS DISTINCT FROM 'string'
          OR event ->> 'eventTime' !~ '^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}(:?\d{2})?)?$' THEN
        RETURN '$.eventTime must be an ISO 8601 date-time string';
    ELSIF pg_catalog.jsonb_typeof(event -> 'producer') IS DISTINCT FROM 'string'
          OR event ->> 'producer' !~ '^[A-Za-z][A-Za-z0-9+.-]*:\S+$' THEN
        RETURN '$.producer must be a URI string';
    ELSIF event ? 'schemaURL' AND (pg_catalog.jsonb_typeof(event -> 'schemaURL') <> 'string'
                                   OR event ->> 'schemaURL' !~ '^[A-Za-z][A-Za-z0-9+.-]*:\S+$') THEN
        RETURN '$.schemaURL must be a URI string';
    END IF;

    kind := lineage.openlineage_kind(event);
    IF kind = 'DatasetEvent' THEN
        IF pg_catalog.jsonb_typeof(event -> 'dataset') <> 'object' THEN
            RETURN '$.dataset must be an object';
        END IF;
        RETURN lineage.openlineage_dataset_problem(event -> 'dataset', '$.dataset');
    ELSIF kind = 'RunEvent' THEN
        IF pg_catalog.jsonb_typeof(event -> 'eventType') IS DISTINCT FROM 'string'
           OR event ->> 'eventType' NOT IN ('START', 'RUNNING', 'COMPLETE', 'ABORT', 'FAIL', 'OTHER') THEN
            RETURN '$.eventType must be one of START, RUNNING, COMPLETE, ABORT, FAIL, OTHER';
        ELSIF pg_catalog.jsonb_typeof(event -> 'run') IS DISTINCT FROM 'object' THEN
            RETURN '$.run must be an object';
        ELSIF pg_catalog.jsonb_typeof(event #> '{run,runId}') IS DISTINCT FROM 'string'
              OR event #>> '{run,runId}' !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
            RETURN '$.run.runId must be a UUID string';
        END IF;
    END IF;
    -- RunEvent and JobEvent
    IF pg_catalog.jsonb_typeof(event -> 'job') IS DISTINCT FROM 'object' THEN
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
            problem := lineage.openlineage_dataset_problem(dataset.value, pg_catalog.format('$.%s[%s]', list, dataset.i));
            IF problem IS NOT NULL THEN
                RETURN problem;
            END IF;
        END LOOP;
    END LOOP;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION lineage.openlineage_problem(jsonb) IS
    'What is wrong with an OpenLineage RunEvent, JobEvent or DatasetEvent (JSON path and problem), NULL if it can be ingested';

GRANT EXECUTE ON FUNCTION lineage.openlineage_problem(jsonb) TO governance_admin, governance_auditor, governance_app;
