CREATE OR REPLACE FUNCTION lineage.path(from_asset bigint, to_asset bigint, max_depth integer DEFAULT NULL)
RETURNS TABLE (step integer, asset_id bigint, namespace text, name text, edge_id bigint, transformation_type text)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
    -- A shortest chain of edges from from_asset down to to_asset (empty when there is
    -- none): walk down until to_asset is reached, then follow the first-reached-by links
    -- back. Step 0 is from_asset; edge_id is the edge that leads into each step.
    WITH RECURSIVE reached AS MATERIALIZED (
        SELECT w.* FROM lineage.walk('lineage.path', from_asset,  'down', max_depth, NULL, false,
                                     lineage.require_asset('lineage.path', to_asset)) w
    ), back AS (
        SELECT r.asset_id, r.depth, r.via_asset, r.via_edge FROM reached r WHERE r.asset_id = to_asset
        UNION ALL
        SELECT r.asset_id, r.depth, r.via_asset, r.via_edge
          FROM back b JOIN reached r ON r.asset_id = b.via_asset
    )
    SELECT b.depth, a.id, a.namespace, a.name, b.via_edge, e.transformation_type
      FROM back b
      JOIN lineage.assets a ON a.id = b.asset_id
      LEFT JOIN lineage.edges e ON e.id = b.via_edge
     ORDER BY b.depth
$$;

COMMENT ON FUNCTION lineage.path(bigint, bigint, integer) IS
    'A shortest lineage path from one asset down to another, step by step (empty when there is none)';

GRANT EXECUTE ON FUNCTION lineage.path(bigint, bigint, integer)
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
