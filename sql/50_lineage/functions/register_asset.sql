CREATE OR REPLACE FUNCTION lineage.register_asset(namespace text, name text, asset_type text)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    asset_id bigint;
BEGIN
    IF namespace IS NULL OR namespace = '' OR name IS NULL OR name = '' OR asset_type IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = 'lineage.register_asset: namespace, name and asset_type are required and not empty';
    END IF;
    IF asset_type NOT IN ('table', 'view', 'file', 'dataset', 'feature_set', 'model', 'dashboard', 'stream') THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('lineage.register_asset: unknown asset type %L', asset_type),
            HINT = 'Use table, view, file, dataset, feature_set, model, dashboard or stream.';
    END IF;

    -- Idempotent: the identity is (namespace, name). A later, more specific type wins over
    -- the generic 'dataset' that OpenLineage ingestion registers; nothing else changes.
    INSERT INTO lineage.assets AS a (namespace, name, asset_type, relid, created_by)
    VALUES (namespace, name, asset_type, lineage.local_relation(namespace, name), governance.current_actor())
    ON CONFLICT ON CONSTRAINT assets_namespace_name_key DO UPDATE
       SET asset_type = EXCLUDED.asset_type
     WHERE EXCLUDED.asset_type <> 'dataset' AND a.asset_type <> EXCLUDED.asset_type
    RETURNING a.id INTO asset_id;

    IF asset_id IS NULL THEN  -- existed, unchanged
        SELECT a.id INTO asset_id FROM lineage.assets a
         WHERE a.namespace = register_asset.namespace AND a.name = register_asset.name;
    END IF;
    RETURN asset_id;
END
$$;

COMMENT ON FUNCTION lineage.register_asset(text, text, text) IS
    'Registers a data asset by its OpenLineage identity (namespace, name); idempotent: the same identity returns the same id';

GRANT EXECUTE ON FUNCTION lineage.register_asset(text, text, text) TO governance_admin, governance_app;
