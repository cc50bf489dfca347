-- What is wrong with one dataset of an OpenLineage event (at JSON path `path`), or NULL:
-- namespace and name, and the shape of the schema and columnLineage facets ingestion reads.
CREATE OR REPLACE FUNCTION lineage.openlineage_dataset_problem(dataset jsonb, path text)
RETURNS text
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    col record;
    source record;
BEGIN
    IF pg_catalog.jsonb_typeof(dataset) <> 'object' THEN
        RETURN path || ' must be an object';
    ELSIF pg_catalog.jsonb_typeof(dataset -> 'namespace') IS DISTINCT FROM 'string' OR dataset ->> 'namespace' = '' THEN
        RETURN path || '.namespace must be a non-empty string';
    ELSIF pg_catalog.jsonb_typeof(dataset -> 'name') IS DISTINCT FROM 'string' OR dataset ->> 'name' = '' THEN
        RETURN path || '.name must be a non-empty string';
    ELSIF dataset ? 'facets' AND pg_catalog.jsonb_typeof(dataset -> 'facets') <> 'object' THEN
        RETURN path || '.facets must be an object';
    ELSIF dataset #> '{facets,schema}' ? 'fields'
          AND (pg_catalog.jsonb_typeof(dataset #> '{facets,schema,fields}') <> 'array'
               OR EXISTS (SELECT 1 FROM pg_catalog.jsonb_array_elements(dataset #> '{facets,schema,fields}') f
                           WHERE pg_catalog.jsonb_typeof(f -> 'name') IS DISTINCT FROM 'string')) THEN
        RETURN path || '.facets.schema.fields must be an array of objects with a string name';
    ELSIF dataset #> '{facets,columnLineage}' IS NOT NULL
          AND pg_catalog.jsonb_typeof(dataset #> '{facets,columnLineage,fields}') IS DISTINCT FROM 'object' THEN
        RETURN path || '.facets.columnLineage.fields must be an object';
    ELSIF dataset #> '{facets,pgGovernance_model}' IS NOT NULL
          AND (pg_catalog.jsonb_typeof(dataset #> '{facets,pgGovernance_model,name}') IS DISTINCT FROM 'string'
               OR dataset #>> '{facets,pgGovernance_model,name}' = ''
               OR pg_catalog.jsonb_typeof(dataset #> '{facets,pgGovernance_model,version}') NOT IN ('string', 'null')) THEN
        RETURN path || '.facets.pgGovernance_model needs a non-empty name string (and a version string if any)';
    END IF;
    IF dataset #> '{facets,columnLineage}' ? 'dataset'
       AND (pg_catalog.jsonb_typeof(dataset #> '{facets,columnLineage,dataset}') <> 'array'
            OR EXISTS (SELECT 1 FROM pg_catalog.jsonb_array_elements(dataset #> '{facets,columnLineage,dataset}') f
                        WHERE pg_catalog.jsonb_typeof(f -> 'namespace') IS DISTINCT FROM 'string'
                           OR pg_catalog.jsonb_typeof(f -> 'name') IS DISTINCT FROM 'string'
                           OR '' IN (f ->> 'namespace', f ->> 'name'))) THEN
        RETURN path || '.facets.columnLineage.dataset must be an array of objects with non-empty namespace and name strings';
    END IF;
    FOR col IN SELECT c.key, c.value
                 FROM pg_catalog.jsonb_each(COALESCE(dataset #> '{facets,columnLineage,fields}', '{}')) c LOOP
        IF pg_catalog.jsonb_typeof(col.value -> 'inputFields') IS DISTINCT FROM 'array' THEN
            RETURN pg_catalog.format('%s.facets.columnLineage.fields.%s.inputFields must be an array', path, col.key);
        END IF;
        FOR source IN SELECT s.value, s.ordinality - 1 AS i
                        FROM pg_catalog.jsonb_array_elements(col.value -> 'inputFields') WITH ORDINALITY s LOOP
            IF pg_catalog.jsonb_typeof(source.value -> 'namespace') IS DISTINCT FROM 'string'
               OR pg_catalog.jsonb_typeof(source.value -> 'name') IS DISTINCT FROM 'string'
               OR pg_catalog.jsonb_typeof(source.value -> 'field') IS DISTINCT FROM 'string'
               OR '' IN (source.value ->> 'namespace', source.value ->> 'name', source.value ->> 'field') THEN
                RETURN pg_catalog.format('%s.facets.columnLineage.fields.%s.inputFields[%s] needs non-empty namespace, name and field strings',
                                         path, col.key, source.i);
            ELSIF source.value ? 'transformations'
                  AND pg_catalog.jsonb_typeof(source.value -> 'transformations') <> 'array' THEN
                RETURN pg_catalog.format('%s.facets.columnLineage.fields.%s.inputFields[%s].transformations must be an array',
                                         path, col.key, source.i);
            END IF;
        END LOOP;
    END LOOP;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION lineage.openlineage_dataset_problem(jsonb, text) IS
    'Internal: what is wrong with one dataset of an OpenLineage event, NULL if nothing';
