CREATE OR REPLACE FUNCTION access.grant_permission(role text, permission text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
BEGIN
    PERFORM access.require_role('access.grant_permission', role);
    IF NOT EXISTS (SELECT 1 FROM access.permissions p WHERE p.name = permission) THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found',
            MESSAGE = pg_catalog.format('access.grant_permission: permission %L does not exist', permission),
            HINT = 'Create it with access.create_permission().';
    END IF;
    INSERT INTO access.role_permissions (role, permission, granted_by)
    VALUES (role, permission, governance.current_actor())
    ON CONFLICT DO NOTHING;
END
$$;

COMMENT ON FUNCTION access.grant_permission(text, text) IS
    'Grants a permission to a role, and so to every role that inherits from it';

GRANT EXECUTE ON FUNCTION access.grant_permission(text, text) TO governance_admin;
