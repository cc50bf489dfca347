CREATE OR REPLACE FUNCTION lineage.downstream(asset bigint, max_depth integer DEFAULT 10, as_of timestamptz DEFAULT NULL)
RETURNS TABLE (asset_id bigint, namespace text, name text, asset_type text, owner text, depth integer)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$ SELECT * FROM lineage.walk_assets('lineage.downstream', asset, 'down', max_depth, as_of) $$;

COMMENT ON FUNCTION lineage.downstream(bigint, integer, timestamptz) IS
    'Every asset derived from the given one, transitively, each once at its shortest depth (max_depth NULL: no limit; as_of: the graph at that time)';

GRANT EXECUTE ON FUNCTION lineage.downstream(bigint, integer, timestamptz)
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
