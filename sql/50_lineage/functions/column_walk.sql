-- Column-level walk: follows the column mappings of current edges from (asset, column),
-- 'up' towards the columns it is computed from or 'down' towards the columns computed
-- from it. Each (asset, column) once, at its shortest depth. Column graphs are small, so
-- a recursive CTE bounded by max_depth does (UNION drops repeated states, the depth bound
-- ends cycles).
CREATE OR REPLACE FUNCTION lineage.column_walk(
    caller      text,
    asset       bigint,
    col         text,
    direction   text,
    max_depth   integer)
RETURNS TABLE (asset_id bigint, namespace text, name text, column_name text, depth integer, transformation text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    near text := CASE direction WHEN 'down' THEN 'source' ELSE 'target' END;
    far text := CASE direction WHEN 'down' THEN 'target' ELSE 'source' END;
BEGIN
    PERFORM lineage.require_asset(caller, asset);
    IF col IS NULL OR max_depth IS NULL OR max_depth < 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: a column name and a max_depth of 0 or more are required', caller);
    END IF;
    RETURN QUERY EXECUTE pg_catalog.format($sql$
        WITH RECURSIVE hop (asset_id, column_name, depth, transformation) AS (
            SELECT $1, $2, 0, NULL::text
            UNION
            SELECT e.%3$I, c.%4$I, h.depth + 1, c.transformation
              FROM hop h
              JOIN lineage.edges e ON e.%1$I = h.asset_id AND e.valid_to IS NULL
              JOIN lineage.column_edges c ON c.edge_id = e.id AND c.%2$I = h.column_name
             WHERE h.depth < $3)
        SELECT a.id, a.namespace, a.name, s.column_name, s.depth, s.transformation
          FROM (SELECT DISTINCT ON (h.asset_id, h.column_name) h.asset_id, h.column_name, h.depth, h.transformation
                  FROM hop h
                 WHERE h.depth > 0
                 ORDER BY h.asset_id, h.column_name, h.depth, h.transformation) s
          JOIN lineage.assets a ON a.id = s.asset_id
         ORDER BY s.depth, a.namespace, a.name, s.column_name $sql$, near || '_id', near || '_column', far || '_id', far || '_column')
    USING asset, col, max_depth;
END
$$;

COMMENT ON FUNCTION lineage.column_walk(text, bigint, text, text, integer) IS
    'Internal: column-level lineage walk through edge column mappings';
