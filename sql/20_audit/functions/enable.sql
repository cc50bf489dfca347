CREATE OR REPLACE FUNCTION audit.enable(tbl regclass, exclude_columns name[])
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    rel     pg_catalog.pg_class;
    missing text;
    before  audit.tables;
    after   audit.tables;
BEGIN
    PERFORM governance.require_local_table('audit.enable', tbl, 'audit');
    IF tbl IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed', MESSAGE = 'audit.enable: table is required';
    END IF;
    SELECT c.* INTO rel FROM pg_catalog.pg_class c WHERE c.oid = tbl;
    IF rel.relkind NOT IN ('r', 'p') THEN
        RAISE EXCEPTION USING ERRCODE = 'wrong_object_type',
            MESSAGE = pg_catalog.format('audit.enable: %s is not a table', tbl);
    END IF;
    IF rel.relispartition THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('audit.enable: %s is a partition', tbl),
            HINT = 'Enable auditing on the partitioned table: its partitions'' rows are captured under its name.';
    END IF;
    IF rel.relnamespace::regnamespace::text = ANY (governance.pack_schemas()) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('audit.enable: %s is a governance table', tbl),
            HINT = 'Governance tables keep their own evidence.';
    END IF;
    SELECT pg_catalog.string_agg(pg_catalog.quote_ident(x), ', ') INTO missing
      FROM pg_catalog.unnest(exclude_columns) AS x
     WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                        WHERE a.attrelid = tbl AND a.attname = x AND a.attnum > 0 AND NOT a.attisdropped);
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'undefined_column',
            MESSAGE = pg_catalog.format('audit.enable: table %s has no column %s', tbl, missing);
    END IF;

    SELECT t.* INTO before FROM audit.tables t WHERE t.relid = tbl;
    INSERT INTO audit.tables AS t (relid, table_name, key_columns, restricted_columns, excluded_columns, enabled_by)
    VALUES (tbl, audit.qualified_name(tbl), '{}', '{}', COALESCE(exclude_columns::text[], '{}'), governance.current_actor())
    ON CONFLICT (relid) DO UPDATE
       SET excluded_columns = COALESCE(exclude_columns::text[], t.excluded_columns);
    PERFORM audit.refresh(tbl);
    PERFORM audit.add_partitions();

    SELECT t.* INTO after FROM audit.tables t WHERE t.relid = tbl;
    IF before IS NULL OR before.excluded_columns <> after.excluded_columns THEN
        PERFORM audit.record_event('audit.enable', 'enable', 'table', after.table_name,
                                   pg_catalog.jsonb_build_object('excluded_columns', after.excluded_columns,
                                                                 'restricted_columns', after.restricted_columns));
    END IF;
END
$$;

-- The signature of the public contract (DESIGN.md), which other modules look up:
-- the same, keeping the excluded columns as they are.
CREATE OR REPLACE FUNCTION audit.enable(tbl regclass)
RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$ SELECT audit.enable(tbl, NULL::name[]) $$;

COMMENT ON FUNCTION audit.enable(regclass, name[]) IS
    'Captures INSERT, UPDATE, DELETE and TRUNCATE on a table (and its partitions) into audit.changes; idempotent. exclude_columns are never stored (NULL: keep the current list)';
COMMENT ON FUNCTION audit.enable(regclass) IS
    'Captures INSERT, UPDATE, DELETE and TRUNCATE on a table (and its partitions) into audit.changes; idempotent';

GRANT EXECUTE ON FUNCTION audit.enable(regclass, name[]), audit.enable(regclass) TO governance_admin;
