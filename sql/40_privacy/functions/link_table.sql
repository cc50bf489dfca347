CREATE OR REPLACE FUNCTION privacy.link_table(tbl regclass, "column" name, subject_type text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM privacy.require_user_table('privacy.link_table', tbl);
    PERFORM privacy.require_column('privacy.link_table', tbl, "column");
    PERFORM privacy.require_subject_type('privacy.link_table', COALESCE(subject_type, ''));

    INSERT INTO privacy.linked_tables (table_name, column_name, subject_type, linked_by)
    VALUES (tbl, "column", subject_type, governance.current_actor())
    ON CONFLICT ON CONSTRAINT linked_tables_pkey DO NOTHING;
END
$$;

COMMENT ON FUNCTION privacy.link_table(regclass, name, text) IS
    'Adds a table that holds a subject''s key in a column without a foreign key to that subject type''s data';

GRANT EXECUTE ON FUNCTION privacy.link_table(regclass, name, text) TO governance_admin, governance_dpo;
