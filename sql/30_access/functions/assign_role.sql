CREATE OR REPLACE FUNCTION access.assign_role(user_id text, role text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
BEGIN
    IF pg_catalog.btrim(COALESCE(user_id, '')) = '' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'access.assign_role: user_id must be a non-empty string';
    END IF;
    PERFORM access.require_role('access.assign_role', role);
    INSERT INTO access.user_roles (user_id, role, assigned_by)
    VALUES (user_id, role, governance.current_actor())
    ON CONFLICT DO NOTHING;
END
$$;

COMMENT ON FUNCTION access.assign_role(text, text) IS 'Gives a user a role (and what the role inherits)';

GRANT EXECUTE ON FUNCTION access.assign_role(text, text) TO governance_admin;
