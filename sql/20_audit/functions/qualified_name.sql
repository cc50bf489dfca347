-- A table as the trail names it: schema-qualified, each part quoted only when needed.
CREATE OR REPLACE FUNCTION audit.qualified_name(tbl regclass)
RETURNS text
LANGUAGE sql STABLE
AS $$
    SELECT pg_catalog.format('%I.%I', n.nspname, c.relname)
      FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE c.oid = tbl
$$;

COMMENT ON FUNCTION audit.qualified_name(regclass) IS 'internal: schema-qualified name of a table, as stored in audit.changes';
