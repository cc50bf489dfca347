-- The registration of a PHI table (privacy.register_phi_table): its patient column and
-- that column's type. Refuses a table that is not registered, and a governance table
-- registered past register_phi_table (they hold secrets no governance role may read).
CREATE OR REPLACE FUNCTION privacy.phi_table(caller text, tbl regclass, OUT patient_column name, OUT patient_type text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    SELECT p.patient_column, pg_catalog.format_type(a.atttypid, a.atttypmod)
      INTO patient_column, patient_type
      FROM privacy.phi_tables p
      JOIN pg_catalog.pg_attribute a ON a.attrelid = p.table_name AND a.attname = p.patient_column AND NOT a.attisdropped
     WHERE p.table_name = tbl;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: %s is not a registered PHI table', caller, COALESCE(tbl::text, 'NULL')),
            HINT = 'Name a table registered with privacy.register_phi_table.';
    END IF;
    PERFORM privacy.require_user_table(caller, tbl);
END
$$;

COMMENT ON FUNCTION privacy.phi_table(text, regclass) IS
    'Internal: the patient column and its type of a registered PHI table; raises 22023 for any other table';
