-- Mirrors the application roles into PostgreSQL roles, so that the database itself
-- enforces the permissions that name tables (see access.native_privileges): one NOLOGIN
-- role per application role, with the same name; parent roles granted to child roles;
-- table privileges granted, and revoked when the model no longer has them; application
-- roles granted to database roles named like the users assigned to them.
-- A same-named database role that sync did not create is left alone and reported.
-- Returns the statements it ran, or with dry_run => true would run, in order.
-- SECURITY INVOKER: it needs the caller's CREATEROLE and grant rights on the tables.
CREATE OR REPLACE FUNCTION access.sync_native_roles(dry_run boolean DEFAULT false)
RETURNS SETOF text
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    marker     constant text := 'pg-governance: mirrors access role';
    statements text[] := '{}';
    unmanaged    text[];
    stmt       text;
BEGIN
    -- Roles that exist but were not created by sync: never touched.
    SELECT pg_catalog.array_agg(r.name ORDER BY r.name) INTO unmanaged
      FROM access.roles r JOIN pg_catalog.pg_roles pr ON pr.rolname = r.name
     WHERE pg_catalog.shobj_description(pr.oid, 'pg_authid') IS DISTINCT FROM marker;

    WITH managed AS (
        SELECT r.name FROM access.roles r WHERE r.name <> ALL (COALESCE(unmanaged, '{}'))),
    wanted AS (
        SELECT DISTINCT m.name AS role, np.tbl, np.privilege
          FROM managed m
          JOIN access.role_permissions rp ON rp.role = m.name
          JOIN access.permissions p ON p.name = rp.permission,
               access.native_privileges(p.resource_type, p.action) np),
    granted AS (
        SELECT pr.rolname::text AS role, c.oid::regclass AS tbl, a.privilege_type AS privilege
          FROM pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) a
          JOIN pg_catalog.pg_roles pr ON pr.oid = a.grantee
         WHERE pr.rolname IN (SELECT name FROM managed)),
    plan AS (
        SELECT 1 AS step, m.name AS sort_key, pg_catalog.format('CREATE ROLE %I NOLOGIN', m.name) AS stmt
          FROM managed m WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles pr WHERE pr.rolname = m.name)
        UNION ALL
        SELECT 2, m.name, pg_catalog.format('COMMENT ON ROLE %I IS %L', m.name, marker)
          FROM managed m WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles pr WHERE pr.rolname = m.name)
        UNION ALL
        SELECT 3, rp.role || '/' || rp.parent, pg_catalog.format('GRANT %I TO %I', rp.parent, rp.role)
          FROM access.role_parents rp
         WHERE rp.role IN (SELECT name FROM managed) AND rp.parent IN (SELECT name FROM managed)
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_auth_members am
                            WHERE am.roleid = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = rp.parent)
                              AND am.member = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = rp.role))
        UNION ALL
        SELECT DISTINCT 4, w.role || '/' || n.nspname, pg_catalog.format('GRANT USAGE ON SCHEMA %I TO %I', n.nspname, w.role)
          FROM wanted w JOIN pg_catalog.pg_class c ON c.oid = w.tbl JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles pr WHERE pr.rolname = w.role)
            OR NOT pg_catalog.has_schema_privilege(w.role, n.oid, 'USAGE')
        UNION ALL
        SELECT 5, w.role || '/' || w.tbl::text || '/' || w.privilege,
               pg_catalog.format('GRANT %s ON %s TO %I', w.privilege, w.tbl, w.role)
          FROM wanted w WHERE (w.role, w.tbl, w.privilege) NOT IN (SELECT g.role, g.tbl, g.privilege FROM granted g)
        UNION ALL
        SELECT 6, g.role || '/' || g.tbl::text || '/' || g.privilege,
               pg_catalog.format('REVOKE %s ON %s FROM %I', g.privilege, g.tbl, g.role)
          FROM granted g WHERE (g.role, g.tbl, g.privilege) NOT IN (SELECT w.role, w.tbl, w.privilege FROM wanted w)
        UNION ALL
        SELECT 7, ur.role || '/' || ur.user_id, pg_catalog.format('GRANT %I TO %I', ur.role, ur.user_id)
          FROM access.user_roles ur JOIN pg_catalog.pg_roles member ON member.rolname = ur.user_id
         WHERE ur.role IN (SELECT name FROM managed)
           AND (NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles pr WHERE pr.rolname = ur.role)
                OR NOT pg_catalog.pg_has_role(member.oid, ur.role, 'MEMBER')))
    SELECT COALESCE(pg_catalog.array_agg(plan.stmt ORDER BY plan.step, plan.sort_key), '{}') INTO statements FROM plan;

    IF unmanaged IS NOT NULL THEN
        RAISE NOTICE 'access.sync_native_roles: left alone, not created by sync: %', pg_catalog.array_to_string(unmanaged, ', ');
    END IF;
    FOREACH stmt IN ARRAY statements LOOP
        IF NOT dry_run THEN
            EXECUTE stmt;
        END IF;
        RETURN NEXT stmt;
    END LOOP;
END
$$;

COMMENT ON FUNCTION access.sync_native_roles(boolean) IS
    'Mirrors access roles, hierarchy, table permissions and assignments into PostgreSQL roles and GRANTs; dry_run returns the statements without running them';

GRANT EXECUTE ON FUNCTION access.sync_native_roles(boolean) TO governance_admin;
