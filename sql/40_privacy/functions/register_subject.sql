CREATE OR REPLACE FUNCTION privacy.register_subject(subject_type text, tbl regclass, key_column name)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
BEGIN
    PERFORM governance.require_local_table('privacy.register_subject', tbl, 'erasure');
    IF subject_type IS NULL OR subject_type !~ '^[a-z][a-z0-9_]*$' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'privacy.register_subject: subject_type must be a lower-case word (a-z, 0-9, _)',
            HINT = 'For example customer, patient or account.';
    END IF;
    PERFORM privacy.require_user_table('privacy.register_subject', tbl);
    -- The key identifies one subject: without uniqueness, forgetting one would erase several.
    PERFORM privacy.require_unique_column('privacy.register_subject', tbl, key_column);

    INSERT INTO privacy.subjects AS s (subject_type, table_name, key_column, registered_by)
    VALUES (subject_type, tbl, key_column, governance.current_actor())
    ON CONFLICT ON CONSTRAINT subjects_pkey DO UPDATE
       SET table_name = EXCLUDED.table_name, key_column = EXCLUDED.key_column,
           registered_by = EXCLUDED.registered_by, registered_at = pg_catalog.now();
END
$$;

COMMENT ON FUNCTION privacy.register_subject(text, regclass, name) IS
    'Declares the table whose rows are data subjects of a type, and their key column; re-registering replaces';

GRANT EXECUTE ON FUNCTION privacy.register_subject(text, regclass, name) TO governance_admin, governance_dpo;
