-- Creates (or re-creates) one of our policies on a table and on every partition of it, with
-- row security enabled and forced on each. A query through the partitioned table applies
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
        PERFORM access.prepare_rls(member);
        IF EXISTS (SELECT 1 FROM pg_catalog.pg_policy p WHERE p.polrelid = member AND p.polname = policy_name) THEN
            EXECUTE pg_catalog.format('DROP POLICY %I ON %s', policy_name, member);
        END IF;
        EXECUTE pg_catalog.format('CREATE POLICY %I ON %s %s', policy_name, member, definition);
    END LOOP;
END
$$;

COMMENT ON FUNCTION access.set_rls_policy(regclass, name, text) IS
    'Internal: (re)creates a policy of ours on a table and its partitions, with RLS enabled and forced on each';

GRANT EXECUTE ON FUNCTION access.set_rls_policy(regclass, name, text) TO governance_admin;
