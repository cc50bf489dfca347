CREATE OR REPLACE FUNCTION lineage.register_model(
    name        text,
    model_type  text DEFAULT NULL,
    owner       text DEFAULT NULL,
    description text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    model_id bigint;
    asset_id bigint;
BEGIN
    IF name IS NULL OR name = '' THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = 'lineage.register_model: a model name is required';
    END IF;
    -- The model is an asset of the graph (namespace 'ml'), so training edges reach it.
    asset_id := lineage.register_asset('ml', name, 'model');
    PERFORM lineage.describe_asset(asset_id, owner, description);

    INSERT INTO lineage.models AS m (name, asset_id, model_type, owner, description, created_by)
    VALUES (name, asset_id, model_type, owner, description, governance.current_actor())
    ON CONFLICT ON CONSTRAINT models_name_key DO UPDATE
       SET model_type = COALESCE(EXCLUDED.model_type, m.model_type),
           owner = COALESCE(EXCLUDED.owner, m.owner),
           description = COALESCE(EXCLUDED.description, m.description)
    RETURNING m.id INTO model_id;
    RETURN model_id;
END
$$;

COMMENT ON FUNCTION lineage.register_model(text, text, text, text) IS
    'Registers an ML model (and its asset ml/<name>); idempotent by name, given fields update the record';

GRANT EXECUTE ON FUNCTION lineage.register_model(text, text, text, text) TO governance_admin, governance_app;
