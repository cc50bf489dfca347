CREATE OR REPLACE FUNCTION lineage.impact(asset bigint, max_depth integer DEFAULT NULL)
RETURNS TABLE (asset_id bigint, namespace text, name text, asset_type text, owner text, depth integer,
               reached_from bigint, transformation_type text)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
    -- Everything downstream, to any depth by default, with whom to tell: the owners, and
    -- through which edge each asset is first affected.
    SELECT a.id, a.namespace, a.name, a.asset_type, a.owner, w.depth, w.via_asset, e.transformation_type
      FROM lineage.walk('lineage.impact', asset, 'down', max_depth) w
      JOIN lineage.assets a ON a.id = w.asset_id
      JOIN lineage.edges e ON e.id = w.via_edge
     ORDER BY w.depth, a.namespace, a.name
$$;

COMMENT ON FUNCTION lineage.impact(bigint, integer) IS
    'What a change to the asset affects: every downstream asset (no depth limit by default) with its owner and the edge it is reached through';

GRANT EXECUTE ON FUNCTION lineage.impact(bigint, integer)
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
