-- Where a table's masked view lives (schema <table's schema>_masked, the table's name) and
-- the query it is generated from: what privacy.masking_status compares with the recorded
-- definition to tell a stale view.
CREATE OR REPLACE FUNCTION privacy.masked_view_definition(tbl regclass,
                                                          OUT view_schema name, OUT view_name name, OUT definition text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT (pg_catalog.left(n.nspname, 56) || '_masked')::name, c.relname,
           pg_catalog.format('SELECT %s FROM %s',
                             (SELECT pg_catalog.string_agg(pg_catalog.format('%s AS %I', m.expression, m.column_name), ', ')
                                FROM privacy.masked_columns(tbl) m),
                             tbl)
      FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE c.oid = tbl
$$;

COMMENT ON FUNCTION privacy.masked_view_definition(regclass) IS
    'Schema, name and query of a table''s masked view as the catalog says it should be now';

-- Granted to the roles of privacy.masking_status, which calls it with their rights.
GRANT EXECUTE ON FUNCTION privacy.masked_view_definition(regclass) TO governance_admin, governance_dpo, governance_auditor;
