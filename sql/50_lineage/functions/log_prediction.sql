CREATE OR REPLACE FUNCTION lineage.log_prediction(
    model_version bigint,
    input_hash    text,
    output        jsonb,
    subject_key   text DEFAULT NULL,
    deployment    bigint DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    prediction_id bigint;
BEGIN
    PERFORM lineage.require_model_version('lineage.log_prediction', model_version);
    IF input_hash IS NULL OR input_hash = '' THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = 'lineage.log_prediction: input_hash is required (a hash of the input, never the input)';
    END IF;
    IF deployment IS NOT NULL AND NOT EXISTS (
           SELECT 1 FROM lineage.deployments d WHERE d.id = deployment AND d.model_version_id = model_version) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('lineage.log_prediction: deployment %s is not a deployment of model version %s',
                                        deployment, model_version);
    END IF;
    INSERT INTO lineage.predictions (model_version_id, deployment_id, input_hash, output, subject_key)
    VALUES (model_version, deployment, input_hash, output, NULLIF(governance.subject_key(subject_key), ''))
    RETURNING id INTO prediction_id;
    RETURN prediction_id;
END
$$;

COMMENT ON FUNCTION lineage.log_prediction(bigint, text, jsonb, text, bigint) IS
    'Records a prediction: model version, optional deployment, input hash, output, and the data subject it concerns if any';

GRANT EXECUTE ON FUNCTION lineage.log_prediction(bigint, text, jsonb, text, bigint) TO governance_admin, governance_app;
