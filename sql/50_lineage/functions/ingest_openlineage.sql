CREATE OR REPLACE FUNCTION lineage.ingest_openlineage(event jsonb)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
-- jit off: the planner cannot see how small an event's arrays are, estimates a million
-- rows and would spend ~0.4 s compiling; the event is tiny. Generic plans: the custom plan
-- the planner otherwise prefers for the dataset lookup cost 120 us of planning per event,
-- more than running it.
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
SET jit = off
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    problem text;
    happened timestamptz;
    kind text;
    job text;
    job_details jsonb;
    inputs jsonb := COALESCE(event -> 'inputs', '[]');
    outputs jsonb := COALESCE(event -> 'outputs', '[]');
    ids jsonb;
    named jsonb[];
    pair record;
    dataset record;
    current record;
BEGIN
    -- Bounded before it is parsed: the intake is open to every producer of events, and
    -- each input is linked to each output.
    PERFORM governance.require_within_limit('lineage.ingest_openlineage', 'the event''s size in bytes',
                                            pg_catalog.pg_column_size(event), 'openlineage_event_bytes');
    PERFORM governance.require_within_limit('lineage.ingest_openlineage', 'the number of inputs and outputs',
        CASE WHEN pg_catalog.jsonb_typeof(inputs) = 'array' THEN pg_catalog.jsonb_array_length(inputs) ELSE 0 END
        + CASE WHEN pg_catalog.jsonb_typeof(outputs) = 'array' THEN pg_catalog.jsonb_array_length(outputs) ELSE 0 END,
        'openlineage_datasets');
    problem := lineage.openlineage_problem(event);
    IF problem IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'lineage.ingest_openlineage: ' || problem,
            HINT = 'See the OpenLineage event schema (RunEvent, JobEvent, DatasetEvent), https://openlineage.io/spec/2-0-2/OpenLineage.json';
    END IF;
    BEGIN  -- the pattern admits impossible dates such as month 13
        happened := (event ->> 'eventTime')::timestamptz;
    EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('lineage.ingest_openlineage: $.eventTime %L is not a valid date-time', event ->> 'eventTime');
    END;

    kind := lineage.openlineage_kind(event);
    IF kind = 'DatasetEvent' THEN
        -- A dataset's metadata alone (static lineage): the asset and its columns.
        PERFORM lineage.openlineage_fields(lineage.openlineage_asset(event -> 'dataset'), event -> 'dataset');
        RETURN true;
    ELSIF kind = 'RunEvent' THEN
        -- Idempotent per (run id, event type): a replay is recognised here and changes nothing.
        INSERT INTO lineage.openlineage_events (run_id, event_type, event_time, job_namespace, job_name, producer, event, received_by)
        VALUES ((event #>> '{run,runId}')::uuid, event ->> 'eventType', happened,
                event #>> '{job,namespace}', event #>> '{job,name}', event ->> 'producer', event, governance.current_actor())
        ON CONFLICT (run_id, event_type) DO NOTHING;
        IF NOT FOUND THEN
            RETURN false;
        END IF;
    END IF;  -- a JobEvent (a job's declared inputs and outputs) is idempotent through add_edge
    job := (event #>> '{job,namespace}') || '/' || (event #>> '{job,name}');

    -- Every dataset the event names (inputs, outputs, and those column lineage names) is an
    -- asset, found or registered by lineage.openlineage_asset (aliases, models, local
    -- tables): ids maps "namespace<newline>name" to the asset. The steady state (a job
    -- that runs daily names known datasets) is one query: index probes of the aliases and
    -- of the assets whose identity needs no more thought (what openlineage_asset returns
    -- first for them); only the others go through it. A schema facet updates the asset's
    -- known columns.
    named := ARRAY(
        SELECT d FROM pg_catalog.jsonb_array_elements(inputs || outputs) d
        UNION ALL
        SELECT pg_catalog.jsonb_build_object('namespace', f ->> 'namespace', 'name', f ->> 'name')
          FROM pg_catalog.jsonb_array_elements(outputs) o,
               pg_catalog.jsonb_each(COALESCE(o #> '{facets,columnLineage,fields}', '{}')) c,
               pg_catalog.jsonb_array_elements(c.value -> 'inputFields') f
        UNION ALL
        SELECT pg_catalog.jsonb_build_object('namespace', f ->> 'namespace', 'name', f ->> 'name')
          FROM pg_catalog.jsonb_array_elements(outputs) o,
               pg_catalog.jsonb_array_elements(COALESCE(o #> '{facets,columnLineage,dataset}', '[]')) f);
    SELECT COALESCE(pg_catalog.jsonb_object_agg(x.k, x.id) FILTER (WHERE x.id IS NOT NULL), '{}') INTO ids
      FROM (SELECT (d ->> 'namespace') || E'\n' || (d ->> 'name') AS k,
                   COALESCE((SELECT l.asset_id FROM lineage.asset_aliases l
                              WHERE l.namespace = d ->> 'namespace' AND l.name = d ->> 'name'),
                            (SELECT a.id FROM lineage.assets a
                              WHERE a.namespace = d ->> 'namespace' AND a.name = d ->> 'name'
                                AND (a.asset_type <> 'dataset' OR a.relid IS NULL)
                                AND d #> '{facets,pgGovernance_model}' IS NULL)) AS id
              FROM pg_catalog.unnest(named) d) x;
    FOR dataset IN SELECT d FROM pg_catalog.unnest(named) d LOOP
        IF NOT ids ? ((dataset.d ->> 'namespace') || E'\n' || (dataset.d ->> 'name')) THEN
            ids := ids || pg_catalog.jsonb_build_object((dataset.d ->> 'namespace') || E'\n' || (dataset.d ->> 'name'),
                                                        lineage.openlineage_asset(dataset.d));
        END IF;
        IF dataset.d #> '{facets,schema,fields}' IS NOT NULL THEN
            PERFORM lineage.openlineage_fields((ids ->> ((dataset.d ->> 'namespace') || E'\n' || (dataset.d ->> 'name')))::bigint,
                                               dataset.d);
        END IF;
    END LOOP;

    -- A failed or aborted run wrote nothing: its datasets are known, but no lineage.
    IF event ->> 'eventType' IN ('FAIL', 'ABORT') THEN
        RETURN true;
    END IF;
    -- The job, as edges carry it: OpenLineage's namespace and name, and its type facet.
    job_details := pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'namespace', event #>> '{job,namespace}', 'name', event #>> '{job,name}',
        'type', pg_catalog.lower(event #>> '{job,facets,jobType,jobType}'),
        'integration', pg_catalog.lower(event #>> '{job,facets,jobType,integration}'),
        'processing', pg_catalog.lower(event #>> '{job,facets,jobType,processingType}')));
    -- One edge per (source, output): sources are the inputs and the datasets column
    -- lineage names (its fields' inputFields and its dataset-level list); the column
    -- mappings of that pair go into the edge details.
    FOR pair IN
        WITH outs AS (
            SELECT DISTINCT ON (d ->> 'namespace', d ->> 'name')
                   (ids ->> ((d ->> 'namespace') || E'\n' || (d ->> 'name')))::bigint AS target_id,
                   d #> '{facets,columnLineage,fields}' AS lineage, d #> '{facets,columnLineage,dataset}' AS dataset_lineage
              FROM pg_catalog.jsonb_array_elements(outputs) d
        ), mappings AS (
            SELECT o.target_id, (ids ->> ((f ->> 'namespace') || E'\n' || (f ->> 'name')))::bigint AS source_id,
                   pg_catalog.jsonb_build_object('source', f ->> 'field', 'target', c.key,
                                                 'transformation', lineage.openlineage_transformation(c.value, f)) AS mapping
              FROM outs o, pg_catalog.jsonb_each(COALESCE(o.lineage, '{}')) c,
                   pg_catalog.jsonb_array_elements(c.value -> 'inputFields') f
        ), pairs AS (
            SELECT o.target_id, (ids ->> ((d ->> 'namespace') || E'\n' || (d ->> 'name')))::bigint AS source_id
              FROM outs o CROSS JOIN pg_catalog.jsonb_array_elements(inputs) d
            -- ALL: a pair named twice is harmless (the second finds its identical edge), a
            -- UNION would size its hash table for the planner's imagined million rows
            UNION ALL
            SELECT m.target_id, m.source_id FROM mappings m
            UNION ALL
            -- the facet's dataset-level dependencies (INDIRECT: joins, filters, sorts) feed
            -- the whole output, no column in particular
            SELECT o.target_id, (ids ->> ((f ->> 'namespace') || E'\n' || (f ->> 'name')))::bigint
              FROM outs o, pg_catalog.jsonb_array_elements(COALESCE(o.dataset_lineage, '[]')) f
        )
        SELECT DISTINCT ON (p.source_id, p.target_id) p.source_id, p.target_id,
               pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
                   'job', job_details,
                   'column_mappings', (SELECT pg_catalog.jsonb_agg(DISTINCT m.mapping) FROM mappings m
                                        WHERE (m.source_id, m.target_id) = (p.source_id, p.target_id)))) AS details
          FROM pairs p
         -- a dataset that is an alias of its own source (a model read and written) is no edge
         WHERE p.source_id <> p.target_id
    LOOP
        -- The current edge between the pair, a specific one (recorded from SQL, e.g.
        -- 'training') before the generic 'job': the same flow from both intake paths is
        -- one edge, which this event's job and column mappings are added to.
        SELECT e.transformation_type, e.details INTO current FROM lineage.edges e
         WHERE e.source_id = pair.source_id AND e.target_id = pair.target_id AND e.valid_to IS NULL
         ORDER BY e.transformation_type = 'job', e.id LIMIT 1;
        IF NOT FOUND THEN
            PERFORM lineage.add_edge(pair.source_id, pair.target_id, 'job', pair.details, job);
        ELSIF current.details IS DISTINCT FROM current.details || pair.details THEN
            PERFORM lineage.add_edge(pair.source_id, pair.target_id, current.transformation_type,
                                     current.details || pair.details, job);
        END IF;  -- else unchanged: the steady state of a job that runs daily
    END LOOP;
    RETURN true;
END
$$;

COMMENT ON FUNCTION lineage.ingest_openlineage(jsonb) IS
    'Ingests an OpenLineage RunEvent, JobEvent or DatasetEvent: datasets become (or are found as) assets, inputs -> outputs become edges carrying the job and column lineage; idempotent per (run id, event type); returns false for a replay';

GRANT EXECUTE ON FUNCTION lineage.ingest_openlineage(jsonb) TO governance_admin, governance_app;
