-- The column transformation an OpenLineage input field declares, as a lineage word:
-- 'masking' when any transformation masks (or the older field-level transformationType
-- is MASKED), so classification stops there; else the first subtype or type (identity,
-- transformation, aggregation, ...), else 'unspecified'.
CREATE OR REPLACE FUNCTION lineage.openlineage_transformation(field_lineage jsonb, input_field jsonb)
RETURNS text
-- No SET clause, so that it is inlined into the ingestion query; every name is qualified.
LANGUAGE sql IMMUTABLE
AS $$
    SELECT CASE
        WHEN field_lineage ->> 'transformationType' = 'MASKED'
          -- a JSON path, not a subquery over the array: a subquery would keep the function
          -- from being inlined, and it was planned again for every event
          OR pg_catalog.jsonb_path_exists(COALESCE(input_field -> 'transformations', '[]'), '$[*] ? (@.masking == true)')
          THEN 'masking'
        ELSE COALESCE(
            NULLIF(pg_catalog.regexp_replace(pg_catalog.lower(COALESCE(
                       input_field #>> '{transformations,0,subtype}',
                       input_field #>> '{transformations,0,type}',
                       field_lineage ->> 'transformationType')), '[^a-z0-9]+', '_', 'g'), ''),
            'unspecified')
    END
$$;

COMMENT ON FUNCTION lineage.openlineage_transformation(jsonb, jsonb) IS
    'Internal: the lineage transformation word of an OpenLineage column lineage input field';
