-- Every function taking an asset id fails the same way on an unknown one.
CREATE OR REPLACE FUNCTION lineage.require_asset(caller text, asset bigint)
RETURNS bigint
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF asset IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = pg_catalog.format('%s: the asset id is required', caller);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM lineage.assets a WHERE a.id = asset) THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found',
            MESSAGE = pg_catalog.format('%s: no asset with id %s', caller, asset),
            HINT = 'Register it with lineage.register_asset or lineage.register_table.';
    END IF;
    RETURN asset;
END
$$;

COMMENT ON FUNCTION lineage.require_asset(text, bigint) IS 'Internal: raises P0002 naming the caller for an unknown asset id';
