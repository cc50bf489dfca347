CREATE OR REPLACE FUNCTION access.set_resource_attribute(resource_id text, resource_type text, name text, value jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    known_type text;
BEGIN
    IF pg_catalog.btrim(COALESCE(resource_id, '')) = '' OR pg_catalog.btrim(COALESCE(resource_type, '')) = '' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'access.set_resource_attribute: resource_id and resource_type must be non-empty strings';
    END IF;
    PERFORM access.check_attribute_name('access.set_resource_attribute', name, value, ARRAY['id', 'type']);
    SELECT r.resource_type INTO known_type FROM access.resources r WHERE r.resource_id = set_resource_attribute.resource_id;
    IF known_type <> resource_type THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('access.set_resource_attribute: resource %L is of type %L, not %L',
                                        resource_id, known_type, resource_type),
            HINT = 'A resource id names one resource of one type.';
    END IF;
    INSERT INTO access.resources AS r (resource_id, resource_type, attributes, updated_by)
    VALUES (resource_id, resource_type, pg_catalog.jsonb_build_object(name, value), governance.current_actor())
    ON CONFLICT ON CONSTRAINT resources_pkey DO UPDATE
       SET attributes = r.attributes || EXCLUDED.attributes, updated_at = pg_catalog.now(), updated_by = EXCLUDED.updated_by;
END
$$;

COMMENT ON FUNCTION access.set_resource_attribute(text, text, text, jsonb) IS
    'ABAC: sets a typed attribute (any JSON value) of a resource, read by policies as resource.<name>';

GRANT EXECUTE ON FUNCTION access.set_resource_attribute(text, text, text, jsonb) TO governance_admin;
