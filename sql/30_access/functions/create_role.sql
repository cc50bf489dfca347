-- Creates a role, or redefines its description and parents when it exists (so setup
-- scripts can be re-run). Redefining parents is the only way to form a cycle, so the
-- cycle check lives here.
CREATE OR REPLACE FUNCTION access.create_role(name text, description text DEFAULT NULL, inherits text[] DEFAULT '{}')
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    role_name text := name;
    missing   text;
BEGIN
    IF role_name IS NULL OR pg_catalog.btrim(role_name) = '' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'access.create_role: name must be a non-empty string';
    END IF;
    IF inherits IS NULL OR pg_catalog.array_position(inherits, NULL) IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = 'access.create_role: inherits must be an array of role names without NULLs';
    END IF;
    IF role_name = ANY (inherits) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('access.create_role: role %L cannot inherit from itself', role_name);
    END IF;
    SELECT p INTO missing FROM pg_catalog.unnest(inherits) p
     WHERE NOT EXISTS (SELECT 1 FROM access.roles r WHERE r.name = p) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found',
            MESSAGE = pg_catalog.format('access.create_role: parent role %L does not exist', missing),
            HINT = 'Create parent roles first.';
    END IF;

    -- Serialise hierarchy changes: two concurrent redefinitions could each pass the
    -- cycle check and together form a cycle.
    LOCK TABLE access.role_parents IN SHARE ROW EXCLUSIVE MODE;

    INSERT INTO access.roles AS r (name, description, created_by)
    VALUES (role_name, description, governance.current_actor())
    ON CONFLICT ON CONSTRAINT roles_pkey DO UPDATE SET description = EXCLUDED.description;

    DELETE FROM access.role_parents rp WHERE rp.role = role_name AND rp.parent <> ALL (inherits);
    INSERT INTO access.role_parents (role, parent)
    SELECT DISTINCT role_name, p FROM pg_catalog.unnest(inherits) p
    ON CONFLICT DO NOTHING;

    IF role_name IN (SELECT a.role FROM access.role_ancestors(role_name) a) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('access.create_role: inheriting from %s would make role %L its own ancestor',
                                        pg_catalog.array_to_string(inherits, ', '), role_name),
            HINT = 'Role inheritance must not form a cycle.';
    END IF;
END
$$;

COMMENT ON FUNCTION access.create_role(text, text, text[]) IS
    'Creates (or redefines) an application role that inherits the permissions of its parents; cycles are refused';

GRANT EXECUTE ON FUNCTION access.create_role(text, text, text[]) TO governance_admin;
