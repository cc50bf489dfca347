CREATE OR REPLACE FUNCTION lineage.remove_edge(edge bigint)
RETURNS boolean
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
    -- Closed, not deleted: the graph as of an earlier time still shows it.
    WITH closed AS (
        UPDATE lineage.edges e SET valid_to = pg_catalog.clock_timestamp()
         WHERE e.id = edge AND e.valid_to IS NULL
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM closed)
$$;

COMMENT ON FUNCTION lineage.remove_edge(bigint) IS
    'Ends an edge (it stays in the history for as-of queries); false if it was not current';

GRANT EXECUTE ON FUNCTION lineage.remove_edge(bigint) TO governance_admin, governance_app;
