CREATE OR REPLACE FUNCTION access.revoke_permission(role text, permission text)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
BEGIN
    PERFORM access.require_role('access.revoke_permission', role);
    DELETE FROM access.role_permissions rp WHERE rp.role = revoke_permission.role AND rp.permission = revoke_permission.permission;
    RETURN FOUND;
END
$$;

COMMENT ON FUNCTION access.revoke_permission(text, text) IS
    'Takes a permission from a role (and its heirs); true when the role had it';

GRANT EXECUTE ON FUNCTION access.revoke_permission(text, text) TO governance_admin;
