-- SQL for a row's primary key as jsonb ({"id": 42}), the row key audit.redact expects,
-- from the key columns by name (so it reads them from a CTE that returned them raw);
-- 'NULL::jsonb' for a table without a primary key.
-- PL/pgSQL, so that its plan is kept for the session (docs/development.md, hot helpers).
CREATE OR REPLACE FUNCTION privacy.row_key_expression(tbl regclass)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN (
        SELECT COALESCE(
            (SELECT pg_catalog.format('pg_catalog.jsonb_build_object(%s)',
                        pg_catalog.string_agg(pg_catalog.format('%L, %I', c.attname, c.attname), ', ' ORDER BY c.ord))
               FROM pg_catalog.unnest(privacy.row_key_columns(tbl)) WITH ORDINALITY AS c(attname, ord)),
            'NULL::jsonb'));
END
$$;

COMMENT ON FUNCTION privacy.row_key_expression(regclass) IS
    'Internal: SQL expression building a row''s primary key as jsonb, for audit.redact';
