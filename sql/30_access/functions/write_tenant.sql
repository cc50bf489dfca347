-- The tenant a write on a tenant-isolated table is for. Without a tenant, the policies'
-- comparison with NULL filtered every row: an UPDATE or DELETE (an owner's backfill
-- under FORCE ROW LEVEL SECURITY, a job that forgot set_context) reported 0 rows and
-- changed nothing, silently. The write policies call this instead, once per statement
-- (an InitPlan, evaluated when the first candidate row is checked), so such a write
-- fails and says why.
CREATE OR REPLACE FUNCTION access.write_tenant()
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    tenant text := governance.current_tenant();
BEGIN
    IF tenant IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = 'access.write_tenant: a write on a tenant-isolated table with no tenant set (row-level security would hide every row)',
            HINT = 'Call governance.set_context(actor, tenant => ...) first. Maintenance across tenants (a backfill, a restore) '
                   'runs as a role with BYPASSRLS, or as the table''s owner after ALTER TABLE ... NO FORCE ROW LEVEL SECURITY '
                   '(docs/backup.md).';
    END IF;
    RETURN tenant;
END
$$;

COMMENT ON FUNCTION access.write_tenant() IS
    'The tenant of a write on a tenant-isolated table, called by its policies as the writing role; raises 42501 with a hint when none is set';

GRANT EXECUTE ON FUNCTION access.write_tenant() TO governance_admin, governance_dpo, governance_auditor, governance_app;
