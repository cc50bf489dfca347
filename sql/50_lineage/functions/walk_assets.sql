-- What upstream and downstream return: the assets of a walk (the start excluded), described.
CREATE OR REPLACE FUNCTION lineage.walk_assets(caller text, asset bigint, direction text, max_depth integer, as_of timestamptz)
RETURNS TABLE (asset_id bigint, namespace text, name text, asset_type text, owner text, depth integer)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT a.id, a.namespace, a.name, a.asset_type, a.owner, w.depth
      FROM lineage.walk(caller, asset, direction, max_depth, as_of) w
      JOIN lineage.assets a ON a.id = w.asset_id
     WHERE w.depth > 0
     ORDER BY w.depth, a.namespace, a.name
$$;

COMMENT ON FUNCTION lineage.walk_assets(text, bigint, text, integer, timestamptz) IS
    'Internal: the assets reached by lineage.walk, with their identity, type and owner';
