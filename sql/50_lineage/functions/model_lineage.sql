CREATE OR REPLACE FUNCTION lineage.model_lineage(model_version bigint)
RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
    -- Everything about one model version in one document: the model, its training runs
    -- with the datasets and where those came from, its deployments, how many predictions.
    SELECT pg_catalog.jsonb_build_object(
        'model', pg_catalog.jsonb_build_object('id', m.id, 'name', m.name, 'model_type', m.model_type,
                                               'owner', m.owner, 'description', m.description),
        'model_version_id', v.id,
        'version', v.version,
        'training_runs', COALESCE((
            SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                       'id', r.id, 'dataset', pg_catalog.jsonb_build_object('id', a.id, 'namespace', a.namespace, 'name', a.name),
                       'dataset_version', r.dataset_version, 'hyperparameters', r.hyperparameters,
                       'metrics', r.metrics, 'code_version', r.code_version, 'environment', r.environment,
                       'status', r.status, 'started_at', r.started_at, 'completed_at', r.completed_at,
                       'dataset_upstream', COALESCE((
                           SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                                      'id', u.asset_id, 'namespace', u.namespace, 'name', u.name, 'depth', u.depth)
                                      ORDER BY u.depth, u.namespace, u.name)
                             FROM lineage.upstream(a.id, NULL) u), '[]'))
                       ORDER BY r.started_at, r.id)
              FROM lineage.training_runs r JOIN lineage.assets a ON a.id = r.dataset_id
             WHERE r.model_version_id = v.id), '[]'),
        'deployments', COALESCE((
            SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                       'id', d.id, 'environment', d.environment, 'endpoint', d.endpoint,
                       'deployed_at', d.deployed_at, 'retired_at', d.retired_at) ORDER BY d.deployed_at, d.id)
              FROM lineage.deployments d WHERE d.model_version_id = v.id), '[]'),
        'predictions', (SELECT pg_catalog.count(*) FROM lineage.predictions p WHERE p.model_version_id = v.id))
      FROM lineage.model_versions v
      JOIN lineage.models m ON m.id = v.model_id
     WHERE v.id = lineage.require_model_version('lineage.model_lineage', model_version)
$$;

COMMENT ON FUNCTION lineage.model_lineage(bigint) IS
    'A model version with its training runs (datasets, their upstream lineage, hyperparameters, metrics), deployments and prediction count, as JSON';

GRANT EXECUTE ON FUNCTION lineage.model_lineage(bigint) TO governance_admin, governance_dpo, governance_auditor, governance_app;
