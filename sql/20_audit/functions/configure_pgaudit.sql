-- pgaudit writes to the server log, best-effort and outside the transaction; this schema
-- is the queryable, transactional trail. The two complement each other: pgaudit can log
-- reads, which triggers cannot see. This sets up pgaudit's object auditing for reads of
-- classified tables: pgaudit logs every statement touching a relation on which its
-- "audit role" holds a privilege, so that role is granted SELECT on each table with
-- classified columns, and the database's pgaudit.role names it. Setting pgaudit.role
-- needs a superuser: without one, the statement to run is returned instead.
-- The grants run with this function's owner's rights, so the audit role must be one that
-- nobody reads through: a role that can log in, has members (or is predefined, like
-- pg_database_owner) or special attributes is refused, else an administrator could name
-- itself and read every classified table.
CREATE OR REPLACE FUNCTION audit.configure_pgaudit(audit_role name DEFAULT 'governance_pgaudit')
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    tables      text[];
    set_role    text := pg_catalog.format('ALTER DATABASE %I SET pgaudit.role = %L',
                                          pg_catalog.current_database(), audit_role);
    role_is_set boolean := false;
BEGIN
    IF audit_role IS NULL OR audit_role !~ '^[a-z_][a-z0-9_]*$' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('audit.configure_pgaudit: %L is not a plain role name', audit_role);
    END IF;
    IF audit_role LIKE 'pg\_%' OR EXISTS (
            SELECT 1 FROM pg_catalog.pg_roles r
             WHERE r.rolname = audit_role
               AND (r.rolcanlogin OR r.rolsuper OR r.rolcreaterole OR r.rolcreatedb OR r.rolreplication OR r.rolbypassrls
                    OR EXISTS (SELECT 1 FROM pg_catalog.pg_auth_members m WHERE m.roleid = r.oid))) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = pg_catalog.format('audit.configure_pgaudit: role %s can log in, has members or special attributes; '
                                        'the audit role must be a dedicated NOLOGIN role', audit_role),
            HINT = 'Name a role that does not exist yet (it is created NOLOGIN), such as the default governance_pgaudit.';
    END IF;
    IF NOT 'pgaudit' = ANY (pg_catalog.string_to_array(
                pg_catalog.replace(pg_catalog.current_setting('shared_preload_libraries'), ' ', ''), ',')) THEN
        RETURN pg_catalog.jsonb_build_object('pgaudit_loaded', false,
            'message', 'pgaudit is not loaded (shared_preload_libraries): nothing was changed; '
                       'the in-database trail (audit.changes, audit.events) works without it');
    END IF;

    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = audit_role) THEN
        EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', audit_role);
    END IF;
    SELECT pg_catalog.array_agg(DISTINCT cc.relid::text ORDER BY cc.relid::text) INTO tables
      FROM governance.classified_columns cc;
    IF tables IS NOT NULL THEN
        EXECUTE pg_catalog.format('GRANT SELECT ON %s TO %I',
                                  (SELECT pg_catalog.string_agg(DISTINCT cc.relid::regclass::text, ', ')
                                     FROM governance.classified_columns cc), audit_role);
    END IF;
    IF (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = CURRENT_USER) THEN
        EXECUTE set_role;
        role_is_set := true;
    END IF;

    PERFORM audit.record_event('audit.configure_pgaudit', 'configure', 'role', audit_role,
                               pg_catalog.jsonb_build_object('tables', COALESCE(tables, '{}'), 'role_set', role_is_set));
    RETURN pg_catalog.jsonb_build_object(
        'pgaudit_loaded', true, 'audit_role', audit_role, 'tables', COALESCE(tables, '{}'),
        'role_set', role_is_set,
        'message', CASE WHEN role_is_set THEN 'reads of these tables are logged by pgaudit from new sessions on'
                        ELSE 'a superuser must run: ' || set_role END);
END
$$;

COMMENT ON FUNCTION audit.configure_pgaudit(name) IS
    'Sets up pgaudit object auditing of reads of classified tables where pgaudit is loaded; says so where it is not';

GRANT EXECUTE ON FUNCTION audit.configure_pgaudit(name) TO governance_admin;
