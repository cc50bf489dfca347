CREATE OR REPLACE FUNCTION governance.unclassify(tbl regclass, col name)
RETURNS boolean
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
    WITH removed AS (
        DELETE FROM governance.classifications c
         WHERE c.table_name = tbl AND c.column_name = col
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM removed)
$$;

COMMENT ON FUNCTION governance.unclassify(regclass, name) IS
    'Removes a column''s classification; true when there was one';

GRANT EXECUTE ON FUNCTION governance.unclassify(regclass, name) TO governance_admin, governance_dpo;
