-- Shared argument check of the functions that take a role name.
CREATE OR REPLACE FUNCTION access.require_role(caller text, role_name text)
RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM access.roles r WHERE r.name = role_name) THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found',
            MESSAGE = pg_catalog.format('%s: role %L does not exist', caller, role_name),
            HINT = 'Create it with access.create_role().';
    END IF;
END
$$;

COMMENT ON FUNCTION access.require_role(text, text) IS 'Internal: raises P0002 naming the caller when a role is unknown';
