-- 0001_core.sql grants governance_dpo, governance_auditor and governance_app to
-- governance_admin in every database it installs into, while the roles are cluster-wide.
-- Up to PostgreSQL 15 the grant of an existing membership is a no-op; from 16 on each
-- grantor has its own membership row, so a second installing role (another database's
-- DBA) would add grants of its own, and while they exist that role cannot be dropped,
-- even after uninstall and DROP DATABASE. One grant per membership is enough: drop the
-- ones this role just added where another grantor's remains.
DO $memberships$
DECLARE
    granted text;
BEGIN
    IF pg_catalog.current_setting('server_version_num')::int < 160000 THEN
        RETURN;
    END IF;
    FOR granted IN
        SELECT r.rolname
          FROM pg_catalog.pg_auth_members m
          JOIN pg_catalog.pg_roles r ON r.oid = m.roleid
         WHERE m.member = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = 'governance_admin')
           AND r.rolname IN ('governance_dpo', 'governance_auditor', 'governance_app')
           AND m.grantor = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = CURRENT_USER)
           AND EXISTS (SELECT 1 FROM pg_catalog.pg_auth_members other
                        WHERE other.roleid = m.roleid AND other.member = m.member
                          AND other.grantor <> m.grantor)
    LOOP
        EXECUTE pg_catalog.format('REVOKE %I FROM governance_admin GRANTED BY %I', granted, CURRENT_USER);
    END LOOP;
END
$memberships$;
