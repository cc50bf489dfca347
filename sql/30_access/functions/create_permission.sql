CREATE OR REPLACE FUNCTION access.create_permission(name text, resource_type text, action text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    existing text;
BEGIN
    IF pg_catalog.btrim(COALESCE(name, '')) = '' OR pg_catalog.btrim(COALESCE(resource_type, '')) = ''
       OR pg_catalog.btrim(COALESCE(action, '')) = '' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'access.create_permission: name, resource_type and action must be non-empty strings';
    END IF;
    SELECT p.name INTO existing FROM access.permissions p
     WHERE p.resource_type = create_permission.resource_type AND p.action = create_permission.action
       AND p.name <> create_permission.name;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'unique_violation',
            MESSAGE = pg_catalog.format('access.create_permission: %s on %s is already permission %L',
                                        action, resource_type, existing);
    END IF;
    INSERT INTO access.permissions AS p (name, resource_type, action, created_by)
    VALUES (name, resource_type, action, governance.current_actor())
    ON CONFLICT ON CONSTRAINT permissions_pkey DO UPDATE
       SET resource_type = EXCLUDED.resource_type, action = EXCLUDED.action;
END
$$;

COMMENT ON FUNCTION access.create_permission(text, text, text) IS
    'Creates (or redefines) a named permission to perform an action on a resource type (''*'' is a wildcard)';

GRANT EXECUTE ON FUNCTION access.create_permission(text, text, text) TO governance_admin;
