-- Removes the change triggers from a table and every member of its partition tree.
CREATE OR REPLACE FUNCTION audit.drop_capture(tbl regclass)
RETURNS void
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    found record;
BEGIN
    FOR found IN
        SELECT t.tgrelid::regclass AS member, t.tgname
          FROM pg_catalog.pg_trigger t
         WHERE t.tgrelid IN (SELECT tbl UNION SELECT p.relid FROM pg_catalog.pg_partition_tree(tbl) p)
           AND t.tgname IN ('audit_insert', 'audit_update', 'audit_delete', 'audit_truncate')
    LOOP
        EXECUTE pg_catalog.format('DROP TRIGGER %I ON %s', found.tgname, found.member);
    END LOOP;
END
$$;

COMMENT ON FUNCTION audit.drop_capture(regclass) IS 'Internal: removes the change triggers of a table and its partitions';
