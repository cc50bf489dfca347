-- Each row is visible to, and writable by, its tenant only: the tenant set with
-- governance.set_context. No tenant set: no rows, and every insert is refused (the
-- comparison with NULL is never true). FORCE makes the table owner subject to it too.
-- The tenant is read once per statement ((SELECT ...) becomes an InitPlan) and cast to
-- the column's type, so an index on the tenant column serves the predicate. Partitions
-- get the policy too (access.set_rls_policy).
-- SECURITY INVOKER: only the table's owner may change its RLS.
CREATE OR REPLACE FUNCTION access.enable_tenant_isolation(tbl regclass, tenant_column name DEFAULT 'tenant_id')
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    col_type  text := access.require_column('access.enable_tenant_isolation', tbl, tenant_column);
    predicate text := pg_catalog.format('%I = (SELECT governance.current_tenant())::%s', tenant_column, col_type);
BEGIN
    PERFORM access.set_rls_policy(tbl, 'governance_tenant_isolation',
        pg_catalog.format('AS RESTRICTIVE FOR ALL USING (%s) WITH CHECK (%s)', predicate, predicate));
END
$$;

COMMENT ON FUNCTION access.enable_tenant_isolation(regclass, name) IS
    'RLS: rows are visible and writable only for the tenant set by governance.set_context (none set: no rows); applies to the owner too';

GRANT EXECUTE ON FUNCTION access.enable_tenant_isolation(regclass, name) TO governance_admin;
