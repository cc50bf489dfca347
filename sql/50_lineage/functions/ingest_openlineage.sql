CREATE OR REPLACE FUNCTION lineage.ingest_openlineage(event jsonb)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
-- jit off: the planner cannot see how small an event's arrays are, estimates a million
-- rows and would spend ~0.4 s compiling; the event is tiny.
SET search_path = pg_catalog, pg_temp
SET jit = off
AS $$
DECLARE
    problem text;
    happened timestamptz;
    job text;
    inputs jsonb := COALESCE(event -> 'inputs', '[]');
    outputs jsonb := COALESCE(event -> 'outputs', '[]');
    pair record;
    dataset record;
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
            HINT = 'See the OpenLineage RunEvent schema, https://openlineage.io/spec/2-0-2/OpenLineage.json';
    END IF;
    BEGIN  -- the pattern admits impossible dates such as month 13
        happened := (event ->> 'eventTime')::timestamptz;
    EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('lineage.ingest_openlineage: $.eventTime %L is not a valid date-time', event ->> 'eventTime');
    END;

    -- Idempotent per (run id, event type): a replay is recognised here and changes nothing.
    INSERT INTO lineage.openlineage_events (run_id, event_type, event_time, job_namespace, job_name, producer, event, received_by)
    VALUES ((event #>> '{run,runId}')::uuid, event ->> 'eventType', happened,
            event #>> '{job,namespace}', event #>> '{job,name}', event ->> 'producer', event, governance.current_actor())
    ON CONFLICT (run_id, event_type) DO NOTHING;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    job := (event #>> '{job,namespace}') || '/' || (event #>> '{job,name}');

    -- Every dataset the event names (inputs, outputs, and inputs of column lineage) is an
    -- asset; a schema facet updates the asset's known columns. UNION ALL, not UNION:
    -- register_asset is idempotent, and the planner, blind to JSON array sizes, would size
    -- a hash table for a million rows on every event.
    PERFORM lineage.register_asset(x.namespace, x.name, 'dataset')
       FROM (SELECT d ->> 'namespace' AS namespace, d ->> 'name' AS name
               FROM pg_catalog.jsonb_array_elements(inputs || outputs) d
             UNION ALL
             SELECT f ->> 'namespace', f ->> 'name'
               FROM pg_catalog.jsonb_array_elements(outputs) o,
                    pg_catalog.jsonb_each(COALESCE(o #> '{facets,columnLineage,fields}', '{}')) c,
                    pg_catalog.jsonb_array_elements(c.value -> 'inputFields') f) x
      -- The steady state (a job that runs daily) names known datasets: skip the call. A
      -- scalar subquery, i.e. an index probe per dataset: NOT EXISTS would become an
      -- anti-join that the blind estimates turn into a scan of every asset.
      WHERE (SELECT a.id FROM lineage.assets a WHERE a.namespace = x.namespace AND a.name = x.name) IS NULL;
    FOR dataset IN SELECT d FROM pg_catalog.jsonb_array_elements(inputs || outputs) d
                    WHERE d #> '{facets,schema,fields}' IS NOT NULL LOOP
        UPDATE lineage.assets a
           SET fields = (SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
                                    'name', f ->> 'name', 'type', f ->> 'type')))
                           FROM pg_catalog.jsonb_array_elements(dataset.d #> '{facets,schema,fields}') f)
         WHERE a.namespace = dataset.d ->> 'namespace' AND a.name = dataset.d ->> 'name';
    END LOOP;

    -- A failed or aborted run wrote nothing: its datasets are known, but no lineage.
    IF event ->> 'eventType' IN ('FAIL', 'ABORT') THEN
        RETURN true;
    END IF;
    -- One edge per (source, output): sources are the inputs and the datasets column
    -- lineage names; the column mappings of that pair go into the edge details.
    FOR pair IN
        WITH outs AS (
            SELECT DISTINCT ON (d ->> 'namespace', d ->> 'name')
                   d ->> 'namespace' AS namespace, d ->> 'name' AS name, d #> '{facets,columnLineage,fields}' AS lineage
              FROM pg_catalog.jsonb_array_elements(outputs) d
        ), mappings AS (
            SELECT o.namespace AS out_ns, o.name AS out_name, f ->> 'namespace' AS in_ns, f ->> 'name' AS in_name,
                   pg_catalog.jsonb_build_object('source', f ->> 'field', 'target', c.key,
                                                 'transformation', lineage.openlineage_transformation(c.value, f)) AS mapping
              FROM outs o, pg_catalog.jsonb_each(COALESCE(o.lineage, '{}')) c,
                   pg_catalog.jsonb_array_elements(c.value -> 'inputFields') f
        ), pairs AS (
            SELECT o.namespace AS out_ns, o.name AS out_name, i.namespace AS in_ns, i.name AS in_name
              FROM outs o
             CROSS JOIN (SELECT DISTINCT d ->> 'namespace' AS namespace, d ->> 'name' AS name
                           FROM pg_catalog.jsonb_array_elements(inputs) d) i
            -- ALL: a pair named twice is harmless (the second finds its identical edge), a
            -- UNION would size its hash table for the planner's imagined million rows
            UNION ALL
            SELECT m.out_ns, m.out_name, m.in_ns, m.in_name FROM mappings m
        )
        -- Ids by correlated lookups (the unique index), not by a join: the planner cannot
        -- estimate the size of JSON arrays and would scan all assets.
        , edge AS (
            SELECT (SELECT a.id FROM lineage.assets a WHERE a.namespace = p.in_ns AND a.name = p.in_name) AS source_id,
                   (SELECT a.id FROM lineage.assets a WHERE a.namespace = p.out_ns AND a.name = p.out_name) AS target_id,
                   pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
                       'job', pg_catalog.jsonb_build_object('namespace', event #>> '{job,namespace}',
                                                            'name', event #>> '{job,name}'),
                       'column_mappings', (SELECT pg_catalog.jsonb_agg(DISTINCT m.mapping) FROM mappings m
                                            WHERE (m.out_ns, m.out_name, m.in_ns, m.in_name)
                                                = (p.out_ns, p.out_name, p.in_ns, p.in_name)))) AS details
              FROM pairs p
             WHERE (p.in_ns, p.in_name) IS DISTINCT FROM (p.out_ns, p.out_name)
        )
        SELECT edge.* FROM edge
    LOOP
        -- An identical current edge is what add_edge would return: skip the call. (Probed
        -- here, one index lookup, rather than anti-joined in the query above, where the
        -- blind estimates would make the planner scan every edge.)
        IF NOT EXISTS (SELECT 1 FROM lineage.edges e
                        WHERE e.source_id = pair.source_id AND e.target_id = pair.target_id
                          AND e.transformation_type = 'job' AND e.valid_to IS NULL AND e.details = pair.details) THEN
            PERFORM lineage.add_edge(pair.source_id, pair.target_id, 'job', pair.details, job);
        END IF;
    END LOOP;
    RETURN true;
END
$$;

COMMENT ON FUNCTION lineage.ingest_openlineage(jsonb) IS
    'Ingests an OpenLineage RunEvent: datasets become assets, inputs -> outputs become edges with column lineage; idempotent per (run id, event type); returns false for a replay';

GRANT EXECUTE ON FUNCTION lineage.ingest_openlineage(jsonb) TO governance_admin, governance_app;
