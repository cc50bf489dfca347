-- Declares that an OpenLineage dataset identity is an asset registered under another
-- identity: a model artifact's path (s3://ml-artifacts/churn/models/v3) is the model
-- registered with register_model, a feature table's warehouse name is the local table.
-- Events that name the alias then add their edges to that asset. An identity that is
-- already an asset of its own (ingested before the declaration) is refused: its edges
-- would stay on the old asset, and the graph would show the flow twice.
CREATE OR REPLACE FUNCTION lineage.declare_alias(namespace text, name text, asset bigint)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
#variable_conflict use_variable
DECLARE
    existing bigint;
BEGIN
    IF namespace IS NULL OR namespace = '' OR name IS NULL OR name = '' THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = 'lineage.declare_alias: namespace and name are required and not empty';
    END IF;
    PERFORM lineage.require_asset('lineage.declare_alias', asset);
    SELECT a.id INTO existing FROM lineage.assets a WHERE a.namespace = namespace AND a.name = name;
    IF existing IS NOT NULL AND existing <> asset THEN
        RAISE EXCEPTION USING ERRCODE = 'unique_violation',
            MESSAGE = pg_catalog.format('lineage.declare_alias: %s/%s is already asset %s', namespace, name, existing),
            HINT = 'Declare aliases before the first event names the dataset.';
    END IF;
    INSERT INTO lineage.asset_aliases AS l (namespace, name, asset_id, declared_by)
    VALUES (namespace, name, asset, governance.current_actor())
    ON CONFLICT ON CONSTRAINT asset_aliases_pkey DO UPDATE SET asset_id = EXCLUDED.asset_id, declared_by = EXCLUDED.declared_by,
                                                declared_at = pg_catalog.now();
    RETURN asset;
END
$$;

COMMENT ON FUNCTION lineage.declare_alias(text, text, bigint) IS
    'Declares that the OpenLineage dataset (namespace, name) is the given asset (a registered model or table); returns the asset id';

GRANT EXECUTE ON FUNCTION lineage.declare_alias(text, text, bigint) TO governance_admin, governance_app;
