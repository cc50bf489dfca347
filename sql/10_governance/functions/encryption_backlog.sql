-- How many rows of a column encrypt_column or reencrypt still have to convert: the total
-- of a progress bar, and a check that a run is complete.
CREATE OR REPLACE FUNCTION governance.encryption_backlog(tbl regclass, col name)
RETURNS bigint
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    reg  record;
    left_to_do bigint;
BEGIN
    IF tbl IS NULL OR col IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = 'governance.encryption_backlog: table and column are required';
    END IF;
    PERFORM governance.encryption_require_user_table('governance.encryption_backlog', tbl);
    PERFORM governance.encryption_require_every_row('governance.encryption_backlog', tbl);
    SELECT * INTO reg FROM governance.encrypted_columns ec WHERE ec.table_name = tbl AND ec.column_name = col;
    IF reg.state = 'converting' THEN
        EXECUTE pg_catalog.format('SELECT count(*) FROM %s WHERE %I IS NULL AND %I IS NOT NULL', tbl, reg.shadow_column, col)
           INTO left_to_do;
    ELSIF reg.state = 'encrypted' OR EXISTS (
            SELECT 1 FROM pg_catalog.pg_attribute a
             WHERE a.attrelid = tbl AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped
               AND a.atttypid = 'pg_catalog.bytea'::pg_catalog.regtype) THEN
        EXECUTE pg_catalog.format('SELECT count(*) FROM %s WHERE governance.encryption_is_stale(%I)', tbl, col)
           INTO left_to_do;
    ELSE
        -- Not converted yet: every non-NULL value is still to do.
        EXECUTE pg_catalog.format('SELECT count(%I) FROM %s', col, tbl) INTO left_to_do;
    END IF;
    RETURN left_to_do;
END
$$;

COMMENT ON FUNCTION governance.encryption_backlog(regclass, name) IS
    'Rows of a column that encrypt_column (plaintext left) or reencrypt (older key versions) still has to convert';

GRANT EXECUTE ON FUNCTION governance.encryption_backlog(regclass, name) TO governance_admin, governance_auditor;
