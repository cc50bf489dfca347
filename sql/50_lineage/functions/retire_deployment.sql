CREATE OR REPLACE FUNCTION lineage.retire_deployment(deployment bigint)
RETURNS boolean
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
    WITH retired AS (
        UPDATE lineage.deployments d SET retired_at = pg_catalog.now()
         WHERE d.id = deployment AND d.retired_at IS NULL
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM retired)
$$;

COMMENT ON FUNCTION lineage.retire_deployment(bigint) IS 'Marks a deployment retired; false if it was not active';

GRANT EXECUTE ON FUNCTION lineage.retire_deployment(bigint) TO governance_admin, governance_app;
