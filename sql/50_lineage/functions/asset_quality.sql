CREATE OR REPLACE FUNCTION lineage.asset_quality(asset bigint)
RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
    -- The worst latest status over the asset's judged metrics; NULL when none is judged.
    SELECT CASE pg_catalog.max(CASE q.status WHEN 'fail' THEN 3 WHEN 'warn' THEN 2 WHEN 'pass' THEN 1 END)
             WHEN 3 THEN 'fail' WHEN 2 THEN 'warn' WHEN 1 THEN 'pass' END
      FROM lineage.latest_quality q
     WHERE q.asset_id = lineage.require_asset('lineage.asset_quality', asset)
$$;

COMMENT ON FUNCTION lineage.asset_quality(bigint) IS
    'Overall quality status of an asset: the worst latest status of its metrics (fail, warn, pass; NULL if none judged)';

GRANT EXECUTE ON FUNCTION lineage.asset_quality(bigint) TO governance_admin, governance_dpo, governance_auditor, governance_app;
