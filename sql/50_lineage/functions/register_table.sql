CREATE OR REPLACE FUNCTION lineage.register_table(tbl regclass)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    rel record;
    asset_id bigint;
    taken regclass;
BEGIN
    SELECT n.nspname, c.relname, c.relkind INTO rel
      FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE c.oid = tbl;
    IF NOT FOUND OR rel.relkind NOT IN ('r', 'p', 'v', 'm', 'f') THEN
        RAISE EXCEPTION USING ERRCODE = 'wrong_object_type',
            MESSAGE = pg_catalog.format('lineage.register_table: %s is not a table or view', COALESCE(tbl::text, 'NULL'));
    END IF;

    -- The identity is the OpenLineage one, built from the catalog names as they are (no
    -- quoting: OpenLineage names are plain dot-separated strings).
    asset_id := lineage.register_asset(
        lineage.local_namespace(),
        pg_catalog.concat_ws('.', pg_catalog.current_database(), rel.nspname, rel.relname),
        CASE WHEN rel.relkind IN ('v', 'm') THEN 'view' ELSE 'table' END);
    -- Dots are not quoted in the name: schema "a.b" table c and schema a table "b.c" share
    -- it. The asset stays with the relation it stands for while that one exists.
    SELECT a.relid INTO taken FROM lineage.assets a
     WHERE a.id = asset_id AND a.relid <> tbl AND EXISTS (SELECT 1 FROM pg_catalog.pg_class c WHERE c.oid = a.relid);
    IF taken IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'unique_violation',
            MESSAGE = pg_catalog.format('lineage.register_table: asset %s already stands for %s; %s has the same OpenLineage name',
                                        (SELECT a.name FROM lineage.assets a WHERE a.id = asset_id), taken, tbl),
            HINT = 'OpenLineage names do not quote dots: rename the schema or table so that the dotted names differ.';
    END IF;

    UPDATE lineage.assets a
       SET relid = tbl,
           fields = (SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                            'name', att.attname, 'type', pg_catalog.format_type(att.atttypid, att.atttypmod))
                            ORDER BY att.attnum)
                       FROM pg_catalog.pg_attribute att
                      WHERE att.attrelid = tbl AND att.attnum > 0 AND NOT att.attisdropped)
     WHERE a.id = asset_id;
    RETURN asset_id;
END
$$;

COMMENT ON FUNCTION lineage.register_table(regclass) IS
    'Registers a table or view of this database as an asset named {database}.{schema}.{table} in lineage.local_namespace(), with its columns';

GRANT EXECUTE ON FUNCTION lineage.register_table(regclass) TO governance_admin, governance_app;
