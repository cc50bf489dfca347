CREATE OR REPLACE FUNCTION lineage.column_upstream(asset bigint, column_name text, max_depth integer DEFAULT 10)
RETURNS TABLE (asset_id bigint, namespace text, name text, column_name text, depth integer, transformation text)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$ SELECT * FROM lineage.column_walk('lineage.column_upstream', asset, column_name, 'up', max_depth) $$;

COMMENT ON FUNCTION lineage.column_upstream(bigint, text, integer) IS
    'The columns a column is computed from, through the column mappings of edges, transitively (transformation: of the last hop)';

GRANT EXECUTE ON FUNCTION lineage.column_upstream(bigint, text, integer)
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
