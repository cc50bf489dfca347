CREATE OR REPLACE FUNCTION lineage.add_edge(
    source              bigint,
    target              bigint,
    transformation_type text,
    details             jsonb,
    created_by          text)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
#variable_conflict use_column
DECLARE
    wanted jsonb := COALESCE(details, '{}');
    current record;
    edge_id bigint;
BEGIN
    PERFORM lineage.require_asset('lineage.add_edge', source);
    PERFORM lineage.require_asset('lineage.add_edge', target);
    IF source = target THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('lineage.add_edge: an asset cannot be derived from itself (asset %s)', source);
    END IF;
    IF transformation_type IS NULL OR transformation_type !~ '^[a-z][a-z0-9_]*$' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('lineage.add_edge: transformation_type %L must be a lower-case word (a-z, 0-9, _)',
                                        transformation_type);
    END IF;
    IF pg_catalog.jsonb_typeof(wanted) <> 'object' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'lineage.add_edge: details must be a JSON object';
    END IF;
    PERFORM governance.require_within_limit('lineage.add_edge', 'the details'' size in bytes',
                                            pg_catalog.pg_column_size(wanted), 'document_bytes');
    PERFORM lineage.column_mappings('lineage.add_edge', wanted);

    -- Idempotent: the same current edge with the same details is returned as it is.
    -- Different details make a new version; the old one is closed, kept for as-of queries.
    -- A concurrent add_edge may create the current edge between our look and our insert;
    -- then we look again (and version it if its details differ from ours): nothing asked
    -- for is silently dropped.
    -- One flow, one edge, whichever intake path records it first: the generic 'job' edge
    -- OpenLineage ingestion adds gives way to a specific type recorded from SQL (as the
    -- generic asset type 'dataset' does), and a call that names no job, or no column
    -- mappings, keeps those OpenLineage recorded on the edge.
    LOOP
        SELECT e.id, e.details, e.transformation_type INTO current FROM lineage.edges e
         WHERE e.source_id = source AND e.target_id = target AND e.valid_to IS NULL
           AND (e.transformation_type = add_edge.transformation_type
                OR (e.transformation_type = 'job' AND add_edge.transformation_type <> 'job'))
         ORDER BY e.transformation_type = 'job'
         LIMIT 1
           FOR UPDATE;
        IF FOUND AND current.details ? 'job' AND NOT wanted ? 'job' THEN
            wanted := pg_catalog.jsonb_build_object('job', current.details -> 'job')
                      || CASE WHEN wanted ? 'column_mappings' OR NOT current.details ? 'column_mappings' THEN '{}'
                              ELSE pg_catalog.jsonb_build_object('column_mappings', current.details -> 'column_mappings') END
                      || wanted;
        END IF;
        IF FOUND AND current.details = wanted AND current.transformation_type = add_edge.transformation_type THEN
            RETURN current.id;
        ELSIF FOUND THEN
            UPDATE lineage.edges e SET valid_to = pg_catalog.clock_timestamp() WHERE e.id = current.id;
        END IF;

        INSERT INTO lineage.edges AS e (source_id, target_id, transformation_type, details, created_by)
        VALUES (source, target, transformation_type, wanted, COALESCE(created_by, governance.current_actor()))
        ON CONFLICT (source_id, target_id, transformation_type) WHERE valid_to IS NULL DO NOTHING
        RETURNING e.id INTO edge_id;
        EXIT WHEN edge_id IS NOT NULL;
    END LOOP;

    INSERT INTO lineage.column_edges (edge_id, source_column, target_column, transformation)
    SELECT edge_id, m.source_column, m.target_column, m.transformation
      FROM lineage.column_mappings('lineage.add_edge', wanted) m;
    RETURN edge_id;
END
$$;

COMMENT ON FUNCTION lineage.add_edge(bigint, bigint, text, jsonb, text) IS
    'Records that target is derived from source; details.column_mappings gives column-level lineage. Idempotent; changed details make a new edge version';

GRANT EXECUTE ON FUNCTION lineage.add_edge(bigint, bigint, text, jsonb, text) TO governance_admin, governance_app;
