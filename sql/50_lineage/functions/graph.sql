CREATE OR REPLACE FUNCTION lineage.graph(asset bigint, depth integer DEFAULT 3)
RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
    -- The neighbourhood of an asset as a document: every asset up to `depth` edges up or
    -- down (depth negative upstream, positive downstream, 0 the asset), and the current
    -- edges among them, each with the job that made it (OpenLineage's job namespace, name
    -- and type, when known) and a label. to_dot, to_mermaid and the CLI draw from it.
    WITH nodes AS (
        SELECT w.asset_id, -w.depth AS depth FROM lineage.walk('lineage.graph', asset, 'up', depth) w
        UNION ALL
        SELECT w.asset_id, w.depth FROM lineage.walk('lineage.graph', asset, 'down', depth) w WHERE w.depth > 0
    ), placed AS (
        -- on a cycle an asset is both up- and downstream: keep the nearer placing
        SELECT DISTINCT ON (n.asset_id) n.asset_id, n.depth FROM nodes n ORDER BY n.asset_id, pg_catalog.abs(n.depth), n.depth
    )
    SELECT pg_catalog.jsonb_build_object(
        'root', asset,
        'nodes', (SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                             'id', a.id, 'namespace', a.namespace, 'name', a.name, 'asset_type', a.asset_type,
                             'owner', a.owner, 'depth', p.depth) ORDER BY p.depth, a.namespace, a.name)
                    FROM placed p JOIN lineage.assets a ON a.id = p.asset_id),
        'edges', COALESCE((SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                             'id', e.id, 'source', e.source_id, 'target', e.target_id,
                             'transformation_type', e.transformation_type, 'job', e.details -> 'job',
                             -- what a picture writes on the edge: the job that made it (its
                             -- name, and the edge's type when that says more than "job")
                             'label', CASE WHEN e.details #>> '{job,name}' IS NULL THEN e.transformation_type
                                           WHEN e.transformation_type = 'job' THEN e.details #>> '{job,name}'
                                           ELSE (e.details #>> '{job,name}') || ' (' || e.transformation_type || ')' END)
                           ORDER BY e.id)
                    FROM lineage.edges e
                   WHERE e.valid_to IS NULL
                     AND e.source_id IN (SELECT p.asset_id FROM placed p)
                     AND e.target_id IN (SELECT p.asset_id FROM placed p)), '[]'))
$$;

COMMENT ON FUNCTION lineage.graph(bigint, integer) IS
    'The lineage neighbourhood of an asset up to depth edges up and down, as JSON {root, nodes, edges}';

GRANT EXECUTE ON FUNCTION lineage.graph(bigint, integer) TO governance_admin, governance_dpo, governance_auditor, governance_app;
