CREATE OR REPLACE FUNCTION privacy.require_column(caller text, tbl regclass, col name)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF col IS NULL OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                                    WHERE a.attrelid = tbl AND a.attname = col
                                      AND a.attnum > 0 AND NOT a.attisdropped) THEN
        RAISE EXCEPTION USING ERRCODE = 'undefined_column',
            MESSAGE = pg_catalog.format('%s: table %s has no column %s', caller, tbl,
                                        COALESCE(pg_catalog.quote_ident(col), 'NULL'));
    END IF;
END
$$;

COMMENT ON FUNCTION privacy.require_column(text, regclass, name) IS
    'Raises undefined_column unless tbl has the column col';
