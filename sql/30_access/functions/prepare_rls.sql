-- Turns RLS on for the table owner too (FORCE), and makes sure rows can be visible at all.
-- Our policies are RESTRICTIVE, so they narrow whatever the permissive policies allow;
-- a table without permissive policies of its own gets governance_rls_base (USING true)
-- so that "visible" means "allowed by our policies". SECURITY INVOKER: only the table's
-- owner may change its RLS.
CREATE OR REPLACE FUNCTION access.prepare_rls(tbl regclass)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    EXECUTE pg_catalog.format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY', tbl);
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy p WHERE p.polrelid = tbl AND p.polpermissive) THEN
        EXECUTE pg_catalog.format('CREATE POLICY governance_rls_base ON %s AS PERMISSIVE FOR ALL USING (true) WITH CHECK (true)', tbl);
    END IF;
END
$$;

COMMENT ON FUNCTION access.prepare_rls(regclass) IS 'Internal: enables and forces RLS, adding a permissive base policy when the table has none';

GRANT EXECUTE ON FUNCTION access.prepare_rls(regclass) TO governance_admin;
