CREATE OR REPLACE FUNCTION lineage.trained_on(asset bigint)
RETURNS TABLE (model text, version text, model_version_id bigint, training_run_id bigint,
               dataset_id bigint, dataset_name text, depth integer)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
    -- "Which models were trained on data derived from this table?": training runs whose
    -- dataset is the asset (depth 0) or anywhere downstream of it.
    SELECT m.name, v.version, v.id, r.id, d.id, d.name, w.depth
      FROM lineage.walk('lineage.trained_on', asset, 'down', NULL) w
      JOIN lineage.training_runs r ON r.dataset_id = w.asset_id
      JOIN lineage.model_versions v ON v.id = r.model_version_id
      JOIN lineage.models m ON m.id = v.model_id
      JOIN lineage.assets d ON d.id = r.dataset_id
     ORDER BY w.depth, m.name, v.version, r.id
$$;

COMMENT ON FUNCTION lineage.trained_on(bigint) IS
    'Model versions trained on the asset or on data derived from it, with the training run and dataset';

GRANT EXECUTE ON FUNCTION lineage.trained_on(bigint) TO governance_admin, governance_dpo, governance_auditor, governance_app;
