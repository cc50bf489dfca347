-- A column that identifies one subject: without uniqueness, forgetting one would erase
-- several. A unique index of its own (primary key or unique constraint), not partial.
CREATE OR REPLACE FUNCTION privacy.require_unique_column(caller text, tbl regclass, col name)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM governance.require_column(caller, tbl, col);
    IF NOT EXISTS (
        SELECT 1 FROM pg_catalog.pg_index i
         WHERE i.indrelid = tbl AND i.indisunique AND i.indnkeyatts = 1 AND i.indpred IS NULL
           AND i.indkey[0] = (SELECT a.attnum FROM pg_catalog.pg_attribute a
                               WHERE a.attrelid = tbl AND a.attname = col)) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: column %I of %s is not unique', caller, col, tbl),
            HINT = 'The column needs a primary key or a unique constraint of its own.';
    END IF;
END
$$;

COMMENT ON FUNCTION privacy.require_unique_column(text, regclass, name) IS
    'Internal: raises unless tbl has the column col with a unique index on it alone';
