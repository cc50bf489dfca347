CREATE OR REPLACE FUNCTION lineage.log_training_run(
    model_version   bigint,
    dataset         bigint,
    hyperparameters jsonb DEFAULT '{}',
    metrics         jsonb DEFAULT '{}',
    dataset_version text DEFAULT NULL,
    code_version    text DEFAULT NULL,
    environment     text DEFAULT NULL,
    status          text DEFAULT 'completed',
    started_at      timestamptz DEFAULT NULL,
    completed_at    timestamptz DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    run_id bigint;
    model_asset bigint;
BEGIN
    PERFORM lineage.require_model_version('lineage.log_training_run', model_version);
    PERFORM lineage.require_asset('lineage.log_training_run', dataset);
    IF pg_catalog.jsonb_typeof(COALESCE(hyperparameters, '{}')) <> 'object'
       OR pg_catalog.jsonb_typeof(COALESCE(metrics, '{}')) <> 'object' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'lineage.log_training_run: hyperparameters and metrics must be JSON objects';
    END IF;
    IF status IS NULL OR status NOT IN ('running', 'completed', 'failed') THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('lineage.log_training_run: unknown status %L', status),
            HINT = 'Use running, completed or failed.';
    END IF;

    INSERT INTO lineage.training_runs (model_version_id, dataset_id, dataset_version, hyperparameters, metrics,
                                       code_version, environment, status, started_at, completed_at, created_by)
    VALUES (model_version, dataset, dataset_version, COALESCE(hyperparameters, '{}'), COALESCE(metrics, '{}'),
            code_version, environment, status,
            COALESCE(started_at, pg_catalog.now()),
            COALESCE(completed_at, CASE WHEN status = 'running' THEN NULL ELSE pg_catalog.now() END),
            governance.current_actor())
    RETURNING id INTO run_id;

    -- The graph edge dataset -> model: one per pair, whatever the number of runs, so that
    -- upstream/downstream/impact/inherited_classes see models like any other asset.
    SELECT m.asset_id INTO model_asset
      FROM lineage.model_versions v JOIN lineage.models m ON m.id = v.model_id
     WHERE v.id = model_version;
    PERFORM lineage.add_edge(dataset, model_asset, 'training', NULL, governance.current_actor());
    RETURN run_id;
END
$$;

COMMENT ON FUNCTION lineage.log_training_run(bigint, bigint, jsonb, jsonb, text, text, text, text, timestamptz, timestamptz) IS
    'Records which dataset (and dataset version) trained a model version, with hyperparameters, metrics, code version and environment; adds the dataset -> model edge';

GRANT EXECUTE ON FUNCTION lineage.log_training_run(bigint, bigint, jsonb, jsonb, text, text, text, text, timestamptz, timestamptz)
    TO governance_admin, governance_app;
