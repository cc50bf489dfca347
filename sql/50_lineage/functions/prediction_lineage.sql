CREATE OR REPLACE FUNCTION lineage.prediction_lineage(prediction bigint)
RETURNS TABLE (asset_id bigint, namespace text, name text, asset_type text, depth integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM lineage.predictions p WHERE p.id = prediction) THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found',
            MESSAGE = pg_catalog.format('lineage.prediction_lineage: no prediction with id %s', COALESCE(prediction::text, 'NULL'));
    END IF;
    -- The data that produced a prediction: the datasets its model version was trained on
    -- (depth 1) and everything upstream of them, each once at its shortest depth.
    RETURN QUERY
    WITH reached AS (
        SELECT r.dataset_id AS id, 1 AS hops
          FROM lineage.predictions p JOIN lineage.training_runs r ON r.model_version_id = p.model_version_id
         WHERE p.id = prediction
        UNION ALL
        SELECT u.asset_id, u.depth + 1
          FROM lineage.predictions p
          JOIN lineage.training_runs r ON r.model_version_id = p.model_version_id
          CROSS JOIN LATERAL lineage.upstream(r.dataset_id, NULL) u
         WHERE p.id = prediction
    )
    SELECT a.id, a.namespace, a.name, a.asset_type, pg_catalog.min(x.hops)::integer
      FROM reached x JOIN lineage.assets a ON a.id = x.id
     GROUP BY a.id
     ORDER BY 5, 2, 3;
END
$$;

COMMENT ON FUNCTION lineage.prediction_lineage(bigint) IS
    'Which data produced a prediction: the training datasets of its model version (depth 1) and their upstream';

GRANT EXECUTE ON FUNCTION lineage.prediction_lineage(bigint) TO governance_admin, governance_dpo, governance_auditor, governance_app;
