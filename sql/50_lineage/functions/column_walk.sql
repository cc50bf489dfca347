-- Column-level walk: follows the column mappings of current edges from (asset, column),
-- 'up' towards the columns it is computed from or 'down' towards the columns computed
-- from it. Breadth-first, one query per level like lineage.walk: each (asset, column) is
-- visited once, at its shortest depth, and never expanded again, so a cycle ends after
-- its columns have been seen once. (A recursive CTE whose state carries the depth
-- revisited a 2-edge cycle once per level: max_depth 2147483647 meant hours of CPU.)
-- max_depth is bounded by governance.limits 'lineage_depth', the columns reached by
-- 'lineage_rows' (54000 past either).
CREATE OR REPLACE FUNCTION lineage.column_walk(
    caller      text,
    asset       bigint,
    col         text,
    direction   text,
    max_depth   integer)
RETURNS TABLE (asset_id bigint, namespace text, name text, column_name text, depth integer, transformation text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
SET jit = off
AS $$
DECLARE
    near text := CASE direction WHEN 'down' THEN 'source' ELSE 'target' END;
    far text := CASE direction WHEN 'down' THEN 'target' ELSE 'source' END;
    step text;
    -- The frontier and the columns seen, as parallel arrays; seen_keys holds 'asset:column'
    -- (the asset id has no colon, so the key is unambiguous).
    frontier_assets bigint[] := ARRAY[asset];
    frontier_columns text[] := ARRAY[col];
    seen_keys text[] := ARRAY[asset::text || ':' || col];
    found_assets bigint[];
    found_columns text[];
    found_transformations text[];
    level integer := 0;
BEGIN
    PERFORM lineage.require_asset(caller, asset);
    IF col IS NULL OR max_depth IS NULL OR max_depth < 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: a column name and a max_depth of 0 or more are required', caller);
    END IF;
    PERFORM governance.require_within_limit(caller, 'max_depth', max_depth, 'lineage_depth');

    step := pg_catalog.format($sql$
        SELECT pg_catalog.array_agg(n.asset_id), pg_catalog.array_agg(n.column_name), pg_catalog.array_agg(n.transformation)
          FROM (SELECT DISTINCT ON (e.%3$I, c.%4$I) e.%3$I AS asset_id, c.%4$I AS column_name, c.transformation
                  FROM unnest($1, $2) f(asset_id, column_name)
                  JOIN lineage.edges e ON e.%1$I = f.asset_id AND e.valid_to IS NULL
                  JOIN lineage.column_edges c ON c.edge_id = e.id AND c.%2$I = f.column_name
                 WHERE NOT (e.%3$I::text || ':' || c.%4$I) = ANY ($3)
                 ORDER BY e.%3$I, c.%4$I, c.transformation) n $sql$,
        near || '_id', near || '_column', far || '_id', far || '_column');

    WHILE level < max_depth LOOP
        EXECUTE step INTO found_assets, found_columns, found_transformations USING frontier_assets, frontier_columns, seen_keys;
        EXIT WHEN found_assets IS NULL;
        level := level + 1;
        PERFORM governance.require_within_limit(caller, 'the number of columns reached',
                                                pg_catalog.cardinality(seen_keys) + pg_catalog.cardinality(found_assets), 'lineage_rows');
        RETURN QUERY SELECT a.id, a.namespace, a.name, f.column_name, level, f.transformation
                       FROM unnest(found_assets, found_columns, found_transformations) f(asset_id, column_name, transformation)
                       JOIN lineage.assets a ON a.id = f.asset_id
                      ORDER BY a.namespace, a.name, f.column_name;
        seen_keys := seen_keys || ARRAY(SELECT f.a::text || ':' || f.c FROM unnest(found_assets, found_columns) f(a, c));
        frontier_assets := found_assets;
        frontier_columns := found_columns;
    END LOOP;
END
$$;

COMMENT ON FUNCTION lineage.column_walk(text, bigint, text, text, integer) IS
    'Internal: breadth-first, cycle-safe column-level lineage walk through edge column mappings (each column once, shortest depth)';
