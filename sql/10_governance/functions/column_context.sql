-- The associated data of one row of a column converted by encrypt_column, for
-- applications that write it directly:
--   governance.encrypt($1, 'ssn', NULL, governance.column_context('app.customers', 'ssn', '[42]'))
-- primary_key is the row's primary key values as a JSON array, in key order.
CREATE OR REPLACE FUNCTION governance.column_context(tbl regclass, col name, primary_key jsonb)
RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    column_id integer := (SELECT ec.id FROM governance.encrypted_columns ec
                           WHERE ec.table_name = tbl AND ec.column_name = col);
BEGIN
    IF tbl IS NULL OR col IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = 'governance.column_context: table and column are required';
    END IF;
    IF column_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'undefined_object',
            MESSAGE = pg_catalog.format('governance.column_context: column %I of %s is not encrypted by encrypt_column', col, tbl);
    END IF;
    IF pg_catalog.jsonb_typeof(primary_key) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'governance.column_context: primary_key must be a JSON array of the key values';
    END IF;
    RETURN 'column ' || column_id || ' row ' || primary_key::text;
END
$$;

COMMENT ON FUNCTION governance.column_context(regclass, name, jsonb) IS
    'Associated data binding a value of an encrypted column to its row (primary key as a JSON array)';

GRANT EXECUTE ON FUNCTION governance.column_context(regclass, name, jsonb) TO governance_admin, governance_dpo, governance_app;
