-- Keeps the restricted columns the change triggers hash in step with the catalog: after
-- any change to governance.classifications, refreshes each audited table whose
-- restricted set no longer matches. Classification changes are rare; statements on
-- audited tables never look the catalog up.
CREATE OR REPLACE FUNCTION audit.follow_classifications()
RETURNS trigger
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    stale regclass;
BEGIN
    FOR stale IN
        SELECT t.relid FROM audit.tables t
         WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_class c WHERE c.oid = t.relid)  -- not dropped since
           AND t.restricted_columns IS DISTINCT FROM ARRAY(
                   SELECT cc.column_name::text FROM governance.classified_columns cc
                    WHERE cc.relid = t.relid AND cc.sensitivity = 'restricted' ORDER BY cc.column_name)
    LOOP
        PERFORM audit.refresh(stale);
    END LOOP;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION audit.follow_classifications() IS
    'Internal: refreshes audited tables whose restricted columns changed in the catalog';
