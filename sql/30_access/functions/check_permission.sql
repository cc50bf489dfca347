-- Whether any role the user holds, directly or by inheritance, has a permission on the
-- resource type and action ('*' in a permission matches anything). Denials go to the
-- audit log when that is switched on (access.set_denial_logging).
CREATE OR REPLACE FUNCTION access.check_permission(user_id text, resource_type text, action text)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    allowed boolean;
BEGIN
    SELECT EXISTS (
        SELECT 1 FROM access.effective_roles(check_permission.user_id) held
          JOIN access.role_permissions rp ON rp.role = held.role
          JOIN access.permissions p ON p.name = rp.permission
         WHERE p.resource_type IN (check_permission.resource_type, '*')
           AND p.action IN (check_permission.action, '*'))
      INTO allowed;
    IF NOT allowed AND (SELECT s.log_denials FROM access.settings s) THEN
        PERFORM access.log_denial('access.check_permission', user_id, action, resource_type, NULL, NULL);
    END IF;
    RETURN allowed;
END
$$;

COMMENT ON FUNCTION access.check_permission(text, text, text) IS
    'RBAC: whether the user may perform the action on the resource type, role hierarchy honoured';

GRANT EXECUTE ON FUNCTION access.check_permission(text, text, text) TO governance_admin, governance_auditor, governance_app;
