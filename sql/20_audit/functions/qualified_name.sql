-- A table as the trail names it: schema-qualified, each part quoted only when needed.
-- PL/pgSQL, so that its plan is kept for the session (docs/development.md, hot helpers).
CREATE OR REPLACE FUNCTION audit.qualified_name(tbl regclass)
RETURNS text
LANGUAGE plpgsql STABLE
AS $$
BEGIN
    RETURN (
        SELECT pg_catalog.format('%I.%I', n.nspname, c.relname)
          FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE c.oid = tbl);
END
$$;

COMMENT ON FUNCTION audit.qualified_name(regclass) IS 'Internal: schema-qualified name of a table, as stored in audit.changes';
