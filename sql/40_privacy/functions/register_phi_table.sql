-- Declares which column of a table classified 'health' names the patient, so that reads
-- through privacy.read_phi can be logged per patient.
CREATE OR REPLACE FUNCTION privacy.register_phi_table(tbl regclass, patient_column name)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    caller constant text := 'privacy.register_phi_table';
BEGIN
    IF tbl IS NULL OR patient_column IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = pg_catalog.format('%s: table and patient column are required', caller);
    END IF;
    PERFORM privacy.require_user_table(caller, tbl);
    PERFORM governance.require_column(caller, tbl, patient_column);
    IF NOT EXISTS (SELECT 1 FROM governance.classified_columns c WHERE c.relid = tbl AND c.category = 'health') THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: table %s has no column classified ''health''', caller, tbl),
            HINT = 'Classify its PHI columns first: governance.classify(tbl, column, ''health'').';
    END IF;
    INSERT INTO privacy.phi_tables AS p (table_name, patient_column, registered_by)
    VALUES (tbl, patient_column, governance.current_actor())
    ON CONFLICT (table_name) DO UPDATE
       SET patient_column = EXCLUDED.patient_column, registered_by = EXCLUDED.registered_by,
           registered_at = pg_catalog.now();
END
$$;

COMMENT ON FUNCTION privacy.register_phi_table(regclass, name) IS
    'Declares the patient column of a table holding PHI (a column classified health), for privacy.read_phi';

GRANT EXECUTE ON FUNCTION privacy.register_phi_table(regclass, name) TO governance_admin, governance_dpo;
