-- The relation of this database an asset identity names, if any: namespace is ours and the
-- name is {current database}.{schema}.{table} of an existing relation. This is how assets
-- that arrive through OpenLineage find their columns' classifications.
CREATE OR REPLACE FUNCTION lineage.local_relation(namespace text, name text)
RETURNS oid
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    parts text[] := pg_catalog.string_to_array(name, '.');
BEGIN
    IF namespace IS DISTINCT FROM lineage.local_namespace()
       OR pg_catalog.cardinality(parts) <> 3 OR parts[1] <> pg_catalog.current_database() THEN
        RETURN NULL;
    END IF;
    RETURN pg_catalog.to_regclass(pg_catalog.format('%I.%I', parts[2], parts[3]))::oid;
END
$$;

COMMENT ON FUNCTION lineage.local_relation(text, text) IS
    'Internal: the local relation an OpenLineage dataset identity names, else NULL';
