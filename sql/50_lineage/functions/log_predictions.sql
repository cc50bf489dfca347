-- Many predictions of one model version in one call, for a model server that copies its
-- predictions in batches: a JSON array of {"input_hash", "output", "subject_key"}, each
-- checked as log_prediction checks one. Bounded by governance.limits document_bytes.
CREATE OR REPLACE FUNCTION lineage.log_predictions(model_version bigint, predictions jsonb, deployment bigint DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    caller constant text := 'lineage.log_predictions';
    bad record;
    logged bigint;
BEGIN
    PERFORM lineage.require_model_version(caller, model_version);
    IF pg_catalog.jsonb_typeof(predictions) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = caller || ': predictions must be a JSON array of {"input_hash", "output", "subject_key"}';
    END IF;
    PERFORM governance.require_within_limit(caller, 'the predictions'' size in bytes',
                                            pg_catalog.pg_column_size(predictions), 'document_bytes');
    IF deployment IS NOT NULL AND NOT EXISTS (
           SELECT 1 FROM lineage.deployments d WHERE d.id = deployment AND d.model_version_id = model_version) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: deployment %s is not a deployment of model version %s', caller, deployment, model_version);
    END IF;
    SELECT p.ordinality - 1 AS i INTO bad
      FROM pg_catalog.jsonb_array_elements(predictions) WITH ORDINALITY p
     WHERE pg_catalog.jsonb_typeof(p.value) IS DISTINCT FROM 'object'
        OR pg_catalog.jsonb_typeof(p.value -> 'input_hash') IS DISTINCT FROM 'string' OR p.value ->> 'input_hash' = ''
        OR (p.value ? 'subject_key' AND pg_catalog.jsonb_typeof(p.value -> 'subject_key') NOT IN ('string', 'null'))
     ORDER BY p.ordinality LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: $[%s] needs a non-empty input_hash string (a hash of the input, never the input) '
                                        'and a string or null subject_key', caller, bad.i);
    END IF;
    INSERT INTO lineage.predictions (model_version_id, deployment_id, input_hash, output, subject_key)
    SELECT model_version, deployment, p ->> 'input_hash', p -> 'output', NULLIF(governance.subject_key(p ->> 'subject_key'), '')
      FROM pg_catalog.jsonb_array_elements(predictions) p;
    GET DIAGNOSTICS logged = ROW_COUNT;
    RETURN logged;
END
$$;

COMMENT ON FUNCTION lineage.log_predictions(bigint, jsonb, bigint) IS
    'Records a batch of predictions of one model version (JSON array of input_hash, output, subject_key); returns how many';

GRANT EXECUTE ON FUNCTION lineage.log_predictions(bigint, jsonb, bigint) TO governance_admin, governance_app;
