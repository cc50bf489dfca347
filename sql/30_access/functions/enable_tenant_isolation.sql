-- Each row is visible to, and writable by, its tenant only: the tenant set with
-- governance.set_context. No tenant set: no rows are visible, and every write that
-- meets a row, like every insert, is refused with a hint (access.write_tenant) instead
-- of changing nothing in silence. FORCE makes the table owner subject to it too.
-- One policy per command: for an UPDATE or DELETE, PostgreSQL checks the command's
-- policies before the SELECT policy, so the refusal comes before the silent filter.
-- The tenant is read once per statement ((SELECT ...) becomes an InitPlan) and cast to
-- the column's type, so an index on the tenant column serves the predicate. Partitions
-- get the policies too (access.set_rls_policy).
-- SECURITY INVOKER: only the table's owner may change its RLS.
CREATE OR REPLACE FUNCTION access.enable_tenant_isolation(tbl regclass, tenant_column name DEFAULT 'tenant_id')
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    col_type text := governance.require_column('access.enable_tenant_isolation', tbl, tenant_column);
    reads    text := pg_catalog.format('%I = (SELECT governance.current_tenant())::%s', tenant_column, col_type);
    writes   text := pg_catalog.format('%I = (SELECT access.write_tenant())::%s', tenant_column, col_type);
BEGIN
    PERFORM governance.require_local_table('access.enable_tenant_isolation', tbl, 'row security');
    PERFORM access.set_rls_policy(tbl, 'governance_tenant_isolation',
        pg_catalog.format('AS RESTRICTIVE FOR SELECT USING (%s)', reads));
    PERFORM access.set_rls_policy(tbl, 'governance_tenant_isolation_insert',
        pg_catalog.format('AS RESTRICTIVE FOR INSERT WITH CHECK (%s)', writes));
    PERFORM access.set_rls_policy(tbl, 'governance_tenant_isolation_update',
        pg_catalog.format('AS RESTRICTIVE FOR UPDATE USING (%s) WITH CHECK (%s)', writes, writes));
    PERFORM access.set_rls_policy(tbl, 'governance_tenant_isolation_delete',
        pg_catalog.format('AS RESTRICTIVE FOR DELETE USING (%s)', writes));
END
$$;

COMMENT ON FUNCTION access.enable_tenant_isolation(regclass, name) IS
    'RLS: rows are visible and writable only for the tenant set by governance.set_context (none set: no rows); applies to the owner too; a write with no tenant set is refused (42501)';

GRANT EXECUTE ON FUNCTION access.enable_tenant_isolation(regclass, name) TO governance_admin;
