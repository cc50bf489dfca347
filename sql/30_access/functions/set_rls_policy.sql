-- Creates (or re-creates) one of our policies on a table and on every partition of it, with
-- row security enabled and forced on each (FORCE: the table's owner is subject to it too).
-- Our policies are RESTRICTIVE, so they narrow whatever the permissive policies allow; a
-- table without permissive policies of its own gets governance_rls_base (USING true) so
-- that "visible" means "allowed by our policies". A query through the partitioned table applies
-- only the partitioned table's policies, but a role granted SELECT on a partition (GRANT
-- ... ON ALL TABLES IN SCHEMA includes partitions) reads it directly: without the policy
-- there it would read every tenant's rows. Partitions attached later need the helper that
-- called this to run again (soc2.tenant_tables_without_rls lists them meanwhile).
-- SECURITY INVOKER: only the table's owner may change its RLS.
CREATE OR REPLACE FUNCTION access.set_rls_policy(tbl regclass, policy_name name, definition text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    member regclass;
BEGIN
    FOR member IN SELECT tbl UNION SELECT t.relid FROM pg_catalog.pg_partition_tree(tbl) t LOOP
        EXECUTE pg_catalog.format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY', member);
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy p WHERE p.polrelid = member AND p.polpermissive) THEN
            EXECUTE pg_catalog.format('CREATE POLICY governance_rls_base ON %s AS PERMISSIVE FOR ALL USING (true) WITH CHECK (true)', member);
        END IF;
        IF EXISTS (SELECT 1 FROM pg_catalog.pg_policy p WHERE p.polrelid = member AND p.polname = policy_name) THEN
            EXECUTE pg_catalog.format('DROP POLICY %I ON %s', policy_name, member);
        END IF;
        EXECUTE pg_catalog.format('CREATE POLICY %I ON %s %s', policy_name, member, definition);
    END LOOP;
END
$$;

COMMENT ON FUNCTION access.set_rls_policy(regclass, name, text) IS
    'Creates or replaces a policy on a table and each of its partitions, with row security enabled and forced on each (the table owner''s; the building block of the row-security functions)';

GRANT EXECUTE ON FUNCTION access.set_rls_policy(regclass, name, text) TO governance_admin;
