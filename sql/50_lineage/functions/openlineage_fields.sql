-- The columns an OpenLineage dataset's schema facet declares become the asset's known
-- columns ([{name, type}]); a dataset without the facet changes nothing.
CREATE OR REPLACE FUNCTION lineage.openlineage_fields(asset bigint, dataset jsonb)
RETURNS void
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
    UPDATE lineage.assets a
       SET fields = (SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
                                'name', f ->> 'name', 'type', f ->> 'type')))
                       FROM pg_catalog.jsonb_array_elements(dataset #> '{facets,schema,fields}') f)
     WHERE a.id = asset AND dataset #> '{facets,schema,fields}' IS NOT NULL
$$;

COMMENT ON FUNCTION lineage.openlineage_fields(bigint, jsonb) IS
    'Internal: records the columns of an OpenLineage dataset''s schema facet on its asset';
