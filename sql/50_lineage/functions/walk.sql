-- Breadth-first walk of the lineage graph from one asset: each reachable asset once, at
-- its shortest depth, with the edge it was first reached by. Cycle-safe because an asset
-- already seen is never expanded again; one set-based query per level (not per path, as a
-- recursive CTE would do: on a graph with cycles and many paths the number of paths
-- explodes, the number of assets does not). bench/lineage.py measures both.
--
-- direction 'down' follows source -> target, 'up' the reverse. max_depth NULL: as deep as
-- the graph goes. Either way within governance.limits: a max_depth past 'lineage_depth',
-- a graph deeper than it (max_depth NULL), or more than 'lineage_rows' assets reached is
-- refused with 54000, so no caller makes the server walk without end.
-- as_of NULL: the current graph; else the edges valid at that time. skip_anonymizing:
-- do not cross edges whose transformation anonymizes (classification propagation).
-- stop_at: end after the level that reaches this asset (lineage.path).
CREATE OR REPLACE FUNCTION lineage.walk(
    caller           text,
    start            bigint,
    direction        text,
    max_depth        integer,
    as_of            timestamptz DEFAULT NULL,
    skip_anonymizing boolean DEFAULT false,
    stop_at          bigint DEFAULT NULL)
RETURNS TABLE (asset_id bigint, depth integer, via_asset bigint, via_edge bigint)
LANGUAGE plpgsql STABLE
-- jit off: level queries are short index lookups; compiling them costs more than it saves.
SET search_path = pg_catalog, pg_temp
SET jit = off
AS $$
DECLARE
    near text := CASE direction WHEN 'down' THEN 'source_id' ELSE 'target_id' END;
    far text := CASE direction WHEN 'down' THEN 'target_id' ELSE 'source_id' END;
    step text;
    frontier bigint[] := ARRAY[start];
    seen bigint[] := ARRAY[start];
    level integer := 0;
    depth_limit constant integer := governance.limit_value('lineage_depth');
    found_ids bigint[];
    found_vias bigint[];
    found_edges bigint[];
BEGIN
    PERFORM lineage.require_asset(caller, start);
    IF max_depth < 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: max_depth must be 0 or more, not %s', caller, max_depth);
    END IF;
    PERFORM governance.require_within_limit(caller, 'max_depth', max_depth, 'lineage_depth');

    -- Dynamic SQL so that every level is planned with the real array sizes (a cached
    -- generic plan would assume tiny arrays and nest-loop over the seen set).
    step := pg_catalog.format($sql$
        SELECT pg_catalog.array_agg(n.far_id), pg_catalog.array_agg(n.near_id), pg_catalog.array_agg(n.edge_id)
          FROM (SELECT DISTINCT ON (e.%2$I) e.%2$I AS far_id, e.%1$I AS near_id, e.id AS edge_id
                  FROM lineage.edges e
                 WHERE e.%1$I = ANY ($1) AND %3$s %4$s
                   AND NOT EXISTS (SELECT 1 FROM pg_catalog.unnest($2) s(id) WHERE s.id = e.%2$I)
                 ORDER BY e.%2$I, e.%1$I, e.id) n $sql$,
        near, far,
        CASE WHEN as_of IS NULL THEN 'e.valid_to IS NULL'
             ELSE 'e.valid_from <= $3 AND (e.valid_to IS NULL OR e.valid_to > $3)' END,
        CASE WHEN skip_anonymizing
             THEN 'AND NOT EXISTS (SELECT 1 FROM lineage.anonymizing_transformations t WHERE t.name = e.transformation_type)'
             ELSE '' END);

    asset_id := start; depth := 0; via_asset := NULL; via_edge := NULL;
    RETURN NEXT;
    IF stop_at = start THEN
        RETURN;
    END IF;
    WHILE level < COALESCE(max_depth, depth_limit) LOOP
        EXECUTE step INTO found_ids, found_vias, found_edges USING frontier, seen, as_of;
        EXIT WHEN found_ids IS NULL;
        level := level + 1;
        PERFORM governance.require_within_limit(caller, 'the number of assets reached',
                                                pg_catalog.cardinality(seen) + pg_catalog.cardinality(found_ids), 'lineage_rows');
        -- multi-argument unnest is FROM-clause syntax and cannot be schema-qualified
        RETURN QUERY SELECT f.id, level, f.via, f.edge
                       FROM unnest(found_ids, found_vias, found_edges) f(id, via, edge);
        IF stop_at = ANY (found_ids) THEN
            RETURN;
        END IF;
        seen := seen || found_ids;
        frontier := found_ids;
    END LOOP;
    -- Asked for the whole graph and stopped by the limit: say so rather than return a part.
    IF max_depth IS NULL AND level = depth_limit THEN
        EXECUTE step INTO found_ids, found_vias, found_edges USING frontier, seen, as_of;
        IF found_ids IS NOT NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'program_limit_exceeded',
                MESSAGE = pg_catalog.format('%s: the lineage of asset %s goes deeper than the limit of %s levels (lineage_depth)',
                                            caller, start, depth_limit),
                HINT = 'Pass a max_depth. The limit is governance.limits ''lineage_depth'', which only pg-governance''s owner may change.';
        END IF;
    END IF;
END
$$;

COMMENT ON FUNCTION lineage.walk(text, bigint, text, integer, timestamptz, boolean, bigint) IS
    'Internal: breadth-first, cycle-safe walk of the lineage graph (each asset once, shortest depth)';
