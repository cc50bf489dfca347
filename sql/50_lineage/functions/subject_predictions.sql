-- Contract with export (privacy.gdpr_export includes this when present): the predictions
-- made about a data subject, which are personal data and, as profiling, part of what the
-- subject has a right to see (GDPR Art. 15(1)(h)): model, version, environment, output,
-- time. The input hash stays out: it identifies the features, not the decision. Rows of
-- the applications' registered predictions tables follow, with their table (VOLATILE:
-- reading them closes the session's keyring meanwhile).
CREATE OR REPLACE FUNCTION lineage.subject_predictions(subject_key text)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    result jsonb;
BEGIN
    PERFORM governance.require_subject_key('lineage.subject_predictions', subject_key);
    SELECT COALESCE(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
               'id', p.id, 'model', m.name, 'version', v.version, 'environment', d.environment,
               'output', p.output, 'predicted_at', p.predicted_at) ORDER BY p.predicted_at, p.id), '[]')
      INTO result
      FROM lineage.predictions p
      JOIN lineage.model_versions v ON v.id = p.model_version_id
      JOIN lineage.models m ON m.id = v.model_id
      LEFT JOIN lineage.deployments d ON d.id = p.deployment_id
     WHERE p.subject_key = governance.subject_key(subject_predictions.subject_key);
    SELECT result || COALESCE(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
               'table', r.table_name::text, 'model', r.model, 'version', r.version, 'output', r.output,
               'predicted_at', r.predicted_at) ORDER BY r.table_name::text, r.predicted_at), '[]')
      INTO result
      FROM lineage.prediction_table_rows('lineage.subject_predictions', subject_key) r;
    RETURN result;
END
$$;

COMMENT ON FUNCTION lineage.subject_predictions(text) IS
    'The predictions about a data subject (model, version, environment, output, time), for the subject''s export';

GRANT EXECUTE ON FUNCTION lineage.subject_predictions(text) TO governance_admin, governance_dpo, governance_auditor;
