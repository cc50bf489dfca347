CREATE OR REPLACE FUNCTION access.revoke_role(user_id text, role text)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
BEGIN
    PERFORM access.require_role('access.revoke_role', role);
    DELETE FROM access.user_roles ur WHERE ur.user_id = revoke_role.user_id AND ur.role = revoke_role.role;
    RETURN FOUND;
END
$$;

COMMENT ON FUNCTION access.revoke_role(text, text) IS 'Takes a role from a user; true when the user had it';

GRANT EXECUTE ON FUNCTION access.revoke_role(text, text) TO governance_admin;
