CREATE OR REPLACE FUNCTION privacy.link_table(tbl regclass, "column" name, subject_type text,
                                              subject_column name DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    subject_table regclass;
BEGIN
    PERFORM privacy.require_user_table('privacy.link_table', tbl);
    PERFORM governance.require_column('privacy.link_table', tbl, "column");
    PERFORM privacy.require_subject_type('privacy.link_table', COALESCE(subject_type, ''));
    -- Another identity of the subject (the e-mail of a customer keyed by id) must name one
    -- subject, as the key does.
    IF subject_column IS NOT NULL THEN
        SELECT s.table_name INTO subject_table FROM privacy.subjects s WHERE s.subject_type = link_table.subject_type;
        PERFORM privacy.require_unique_column('privacy.link_table', subject_table, subject_column);
    END IF;

    INSERT INTO privacy.linked_tables AS l (table_name, column_name, subject_type, linked_by, subject_column)
    VALUES (tbl, "column", subject_type, governance.current_actor(), subject_column)
    ON CONFLICT ON CONSTRAINT linked_tables_pkey DO UPDATE SET subject_column = EXCLUDED.subject_column;
END
$$;

COMMENT ON FUNCTION privacy.link_table(regclass, name, text, name) IS
    'Adds a table that holds a subject''s key (or, with subject_column, another unique column of the subject table, such as the e-mail) in a column without a foreign key to that subject type''s data';

GRANT EXECUTE ON FUNCTION privacy.link_table(regclass, name, text, name) TO governance_admin, governance_dpo;
