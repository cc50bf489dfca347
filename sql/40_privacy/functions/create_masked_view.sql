CREATE OR REPLACE FUNCTION privacy.create_masked_view(tbl regclass)
RETURNS regclass
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$ SELECT privacy.generate_masked_view(tbl) $$;

COMMENT ON FUNCTION privacy.create_masked_view(regclass) IS
    'Creates (or regenerates) the masked view of a table, <schema>_masked.<table>, from the catalog; kept in step with reclassifications from then on';

GRANT EXECUTE ON FUNCTION privacy.create_masked_view(regclass) TO governance_admin, governance_dpo;
