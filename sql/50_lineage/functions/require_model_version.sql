CREATE OR REPLACE FUNCTION lineage.require_model_version(caller text, model_version bigint)
RETURNS bigint
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM lineage.model_versions v WHERE v.id = model_version) THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found',
            MESSAGE = pg_catalog.format('%s: no model version with id %s', caller, COALESCE(model_version::text, 'NULL')),
            HINT = 'Register it with lineage.register_model_version.';
    END IF;
    RETURN model_version;
END
$$;

COMMENT ON FUNCTION lineage.require_model_version(text, bigint) IS 'Internal: raises P0002 naming the caller for an unknown model version';
