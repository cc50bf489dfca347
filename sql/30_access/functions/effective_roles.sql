-- The roles a user holds: assigned directly or inherited through the hierarchy.
CREATE OR REPLACE FUNCTION access.effective_roles(user_id text)
RETURNS TABLE (role text)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
    SELECT ur.role FROM access.user_roles ur WHERE ur.user_id = effective_roles.user_id
    UNION
    SELECT up.role FROM access.user_roles ur, access.role_ancestors(ur.role) up WHERE ur.user_id = effective_roles.user_id
$$;

COMMENT ON FUNCTION access.effective_roles(text) IS
    'The roles a user holds, assigned directly or inherited from parent roles';

GRANT EXECUTE ON FUNCTION access.effective_roles(text) TO governance_admin, governance_auditor, governance_app;
