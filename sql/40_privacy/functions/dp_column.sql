-- Checks that a DP query's column exists (and, for sums and means, is a number) so that a
-- typo gets a clear error naming the function rather than a failure inside dynamic SQL.
CREATE OR REPLACE FUNCTION privacy.dp_column(caller text, dataset regclass, col name, numeric_only boolean)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    col_type regtype;
BEGIN
    SELECT a.atttypid::regtype INTO col_type FROM pg_catalog.pg_attribute a
     WHERE a.attrelid = dataset AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'undefined_column',
            MESSAGE = pg_catalog.format('%s: %s has no column %I', caller, dataset, col);
    END IF;
    IF numeric_only AND col_type NOT IN ('smallint', 'integer', 'bigint', 'numeric', 'real', 'double precision') THEN
        RAISE EXCEPTION USING ERRCODE = 'datatype_mismatch',
            MESSAGE = pg_catalog.format('%s: column %I of %s is %s, not a number', caller, col, dataset, col_type);
    END IF;
END
$$;

COMMENT ON FUNCTION privacy.dp_column(text, regclass, name, boolean) IS
    'Internal: validates the column a DP query aggregates';
