CREATE OR REPLACE FUNCTION lineage.find_asset(ref text)
RETURNS bigint
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    matches bigint[];
BEGIN
    -- An asset by id, by "namespace/name", or by name alone when that is unambiguous.
    SELECT pg_catalog.array_agg(a.id ORDER BY a.id) INTO matches
      FROM lineage.assets a
     WHERE (ref ~ '^\d{1,18}$' AND a.id = ref::bigint)
        OR a.namespace || '/' || a.name = ref
        OR a.name = ref;
    IF matches IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found',
            MESSAGE = pg_catalog.format('lineage.find_asset: no asset %L', ref),
            HINT = 'Give an asset id, namespace/name, or a name.';
    ELSIF pg_catalog.cardinality(matches) > 1 THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('lineage.find_asset: %L is ambiguous: assets %s', ref, pg_catalog.array_to_string(matches, ', ')),
            HINT = 'Give the asset id or namespace/name.';
    END IF;
    RETURN matches[1];
END
$$;

COMMENT ON FUNCTION lineage.find_asset(text) IS 'Finds an asset by id, namespace/name, or an unambiguous name';

GRANT EXECUTE ON FUNCTION lineage.find_asset(text) TO governance_admin, governance_dpo, governance_auditor, governance_app;
