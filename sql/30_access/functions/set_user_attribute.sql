CREATE OR REPLACE FUNCTION access.set_user_attribute(user_id text, name text, value jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
BEGIN
    IF pg_catalog.btrim(COALESCE(user_id, '')) = '' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'access.set_user_attribute: user_id must be a non-empty string';
    END IF;
    PERFORM access.check_attribute_name('access.set_user_attribute', name, value, ARRAY['id']);
    INSERT INTO access.users AS u (user_id, attributes, updated_by)
    VALUES (user_id, pg_catalog.jsonb_build_object(name, value), governance.current_actor())
    ON CONFLICT ON CONSTRAINT users_pkey DO UPDATE
       SET attributes = u.attributes || EXCLUDED.attributes, updated_at = pg_catalog.now(), updated_by = EXCLUDED.updated_by;
END
$$;

COMMENT ON FUNCTION access.set_user_attribute(text, text, jsonb) IS
    'ABAC: sets a typed attribute (any JSON value) of a user, read by policies as user.<name>';

GRANT EXECUTE ON FUNCTION access.set_user_attribute(text, text, jsonb) TO governance_admin;
