-- The type of a table's column, as SQL; raises naming the caller when there is no such column.
CREATE OR REPLACE FUNCTION access.require_column(caller text, tbl regclass, col name)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    col_type text;
BEGIN
    IF tbl IS NULL OR col IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed', MESSAGE = caller || ': table and column are required';
    END IF;
    SELECT pg_catalog.format_type(a.atttypid, a.atttypmod) INTO col_type
      FROM pg_catalog.pg_attribute a
     WHERE a.attrelid = tbl AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'undefined_column',
            MESSAGE = pg_catalog.format('%s: table %s has no column %I', caller, tbl, col);
    END IF;
    RETURN col_type;
END
$$;

COMMENT ON FUNCTION access.require_column(text, regclass, name) IS 'Internal: checks a column exists and returns its type';

GRANT EXECUTE ON FUNCTION access.require_column(text, regclass, name) TO governance_admin;
