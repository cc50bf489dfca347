-- Contract with erasure (privacy.erasure_plan / gdpr_forget include this when present):
-- which predictions concern a data subject, and so which model versions and deployments
-- produced decisions about them. Read-only; the key itself is never echoed back.
-- The applications' own predictions tables (lineage.register_predictions_table) are read
-- where they are: 'prediction_tables' per table and model version (present once a table
-- is registered), counted in 'predictions'. VOLATILE: reading them closes the session's keyring meanwhile.
CREATE OR REPLACE FUNCTION lineage.subject_impact(subject_key text)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    result jsonb;
BEGIN
    PERFORM governance.require_subject_key('lineage.subject_impact', subject_key);
    WITH mine AS (
        SELECT p.id, p.model_version_id, p.deployment_id, p.predicted_at
          FROM lineage.predictions p WHERE p.subject_key = governance.subject_key(subject_impact.subject_key)
    ), per_version AS (
        SELECT v.id AS model_version_id, m.name AS model, v.version,
               pg_catalog.count(*) AS predictions,
               pg_catalog.min(x.predicted_at) AS first_prediction, pg_catalog.max(x.predicted_at) AS last_prediction,
               COALESCE(pg_catalog.jsonb_agg(DISTINCT x.deployment_id) FILTER (WHERE x.deployment_id IS NOT NULL), '[]') AS deployments,
               (SELECT COALESCE(pg_catalog.jsonb_agg(DISTINCT r.dataset_id), '[]')
                  FROM lineage.training_runs r WHERE r.model_version_id = v.id) AS training_datasets
          FROM mine x
          JOIN lineage.model_versions v ON v.id = x.model_version_id
          JOIN lineage.models m ON m.id = v.model_id
         GROUP BY v.id, m.name, v.version
    )
    SELECT pg_catalog.jsonb_build_object(
               'predictions', (SELECT pg_catalog.count(*) FROM mine),
               'prediction_ids', COALESCE((SELECT pg_catalog.jsonb_agg(mine.id ORDER BY mine.id) FROM mine), '[]'),
               'model_versions', COALESCE((
                   SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(pv) ORDER BY pv.model, pv.version) FROM per_version pv), '[]'))
      INTO result;
    IF NOT EXISTS (SELECT 1 FROM lineage.prediction_tables) THEN
        RETURN result;  -- the document as before there were registered tables
    END IF;
    WITH rows AS (
        SELECT * FROM lineage.prediction_table_rows('lineage.subject_impact', subject_key)
    ), per_version AS (
        -- joined to the registered model versions when the table's names match them
        SELECT r.table_name, r.model, r.version, v.id AS model_version_id, pg_catalog.count(*) AS predictions,
               pg_catalog.min(r.predicted_at) AS first_prediction, pg_catalog.max(r.predicted_at) AS last_prediction,
               (SELECT COALESCE(pg_catalog.jsonb_agg(DISTINCT t.dataset_id), '[]')
                  FROM lineage.training_runs t WHERE t.model_version_id = v.id) AS training_datasets
          FROM rows r
          LEFT JOIN lineage.models m ON m.name = r.model
          LEFT JOIN lineage.model_versions v ON v.model_id = m.id AND v.version = r.version
         GROUP BY r.table_name, r.model, r.version, v.id
    ), per_table AS (
        SELECT pv.table_name, pg_catalog.sum(pv.predictions) AS predictions,
               pg_catalog.jsonb_agg(pg_catalog.to_jsonb(pv) - 'table_name' ORDER BY pv.model, pv.version) AS model_versions
          FROM per_version pv GROUP BY pv.table_name
    )
    SELECT result || pg_catalog.jsonb_build_object(
               'predictions', (result ->> 'predictions')::bigint + COALESCE(pg_catalog.sum(t.predictions), 0),
               'prediction_tables', COALESCE(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                   'table', t.table_name::text, 'predictions', t.predictions, 'model_versions', t.model_versions)
                   ORDER BY t.table_name::text), '[]'))
      INTO result
      FROM per_table t;
    RETURN result;
END
$$;

COMMENT ON FUNCTION lineage.subject_impact(text) IS
    'Predictions that concern a data subject, grouped by model version with deployments and training datasets (for the erasure report)';

GRANT EXECUTE ON FUNCTION lineage.subject_impact(text) TO governance_admin, governance_dpo, governance_auditor;
