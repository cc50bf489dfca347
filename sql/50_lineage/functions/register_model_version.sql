CREATE OR REPLACE FUNCTION lineage.register_model_version(model text, version text)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    found_model bigint;
    version_id bigint;
BEGIN
    SELECT m.id INTO found_model FROM lineage.models m WHERE m.name = model;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found',
            MESSAGE = pg_catalog.format('lineage.register_model_version: no model named %L', model),
            HINT = 'Register it first with lineage.register_model.';
    END IF;
    IF version IS NULL OR version = '' THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = 'lineage.register_model_version: a version is required';
    END IF;
    INSERT INTO lineage.model_versions AS v (model_id, version, created_by)
    VALUES (found_model, version, governance.current_actor())
    ON CONFLICT ON CONSTRAINT model_versions_model_id_version_key DO NOTHING
    RETURNING v.id INTO version_id;
    IF version_id IS NULL THEN
        SELECT v.id INTO version_id FROM lineage.model_versions v
         WHERE v.model_id = found_model AND v.version = register_model_version.version;
    END IF;
    RETURN version_id;
END
$$;

COMMENT ON FUNCTION lineage.register_model_version(text, text) IS
    'Registers a version of a model (idempotent) and returns its id';

GRANT EXECUTE ON FUNCTION lineage.register_model_version(text, text) TO governance_admin, governance_app;
