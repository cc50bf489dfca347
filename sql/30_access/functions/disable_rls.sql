-- Removes the policies pg-governance created on the table; RLS is switched off only when
-- no other policy is left, so the application's own policies keep working. The same for
-- each partition, where access.set_rls_policy put them too.
-- SECURITY INVOKER: only the table's owner may change its RLS.
CREATE OR REPLACE FUNCTION access.disable_rls(tbl regclass)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    member      regclass;
    policy_name name;
BEGIN
    IF tbl IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed', MESSAGE = 'access.disable_rls: table is required';
    END IF;
    FOR member IN SELECT tbl UNION SELECT t.relid FROM pg_catalog.pg_partition_tree(tbl) t LOOP
        FOR policy_name IN
            SELECT p.polname FROM pg_catalog.pg_policy p
             WHERE p.polrelid = member
               AND p.polname IN ('governance_rls_base', 'governance_tenant_isolation', 'governance_tenant_isolation_insert',
                                 'governance_tenant_isolation_update', 'governance_tenant_isolation_delete', 'governance_abac_select',
                                 'governance_abac_insert', 'governance_abac_update', 'governance_abac_delete')
        LOOP
            EXECUTE pg_catalog.format('DROP POLICY %I ON %s', policy_name, member);
        END LOOP;
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy p WHERE p.polrelid = member) THEN
            EXECUTE pg_catalog.format('ALTER TABLE %s DISABLE ROW LEVEL SECURITY, NO FORCE ROW LEVEL SECURITY', member);
        END IF;
    END LOOP;
END
$$;

COMMENT ON FUNCTION access.disable_rls(regclass) IS
    'RLS: removes the tenant-isolation and policy RLS of a table; turns RLS off when no other policy remains';

GRANT EXECUTE ON FUNCTION access.disable_rls(regclass) TO governance_admin;
