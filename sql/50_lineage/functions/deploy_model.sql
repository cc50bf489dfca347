CREATE OR REPLACE FUNCTION lineage.deploy_model(model_version bigint, environment text, endpoint text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    deployment_id bigint;
BEGIN
    PERFORM lineage.require_model_version('lineage.deploy_model', model_version);
    IF environment IS NULL OR environment = '' THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = 'lineage.deploy_model: an environment is required';
    END IF;
    INSERT INTO lineage.deployments (model_version_id, environment, endpoint, deployed_by)
    VALUES (model_version, environment, endpoint, governance.current_actor())
    RETURNING id INTO deployment_id;
    RETURN deployment_id;
END
$$;

COMMENT ON FUNCTION lineage.deploy_model(bigint, text, text) IS 'Records a deployment of a model version';

GRANT EXECUTE ON FUNCTION lineage.deploy_model(bigint, text, text) TO governance_admin, governance_app;
