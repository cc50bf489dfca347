-- The primary key's columns of a table, in key order; empty without a primary key.
-- PL/pgSQL, so that its plan is kept for the session (docs/development.md, hot helpers).
CREATE OR REPLACE FUNCTION privacy.row_key_columns(tbl regclass)
RETURNS name[]
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN (
        SELECT ARRAY(SELECT a.attname
                       FROM pg_catalog.pg_index i
                      CROSS JOIN LATERAL pg_catalog.unnest(i.indkey::smallint[]) WITH ORDINALITY AS k(attnum, ord)
                       JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                      WHERE i.indrelid = tbl AND i.indisprimary
                      ORDER BY k.ord));
END
$$;

COMMENT ON FUNCTION privacy.row_key_columns(regclass) IS
    'Internal: the primary key columns of a table, in key order (empty without one)';
