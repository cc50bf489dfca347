-- Removes a role's binding: from its next set_context on it may claim only its own login
-- name and no tenant (a context already set in a running transaction stays until it ends).
CREATE OR REPLACE FUNCTION governance.unbind_context(role_name name)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    target oid := governance.context_binding_role('governance.unbind_context', role_name);
BEGIN
    DELETE FROM governance.context_bindings b WHERE b.role = target;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    PERFORM audit.record_event('audit.context_binding', 'unbind', 'role', target::pg_catalog.regrole::pg_catalog.text, NULL);
    RETURN true;
END
$$;

COMMENT ON FUNCTION governance.unbind_context(name) IS
    'Removes a role''s context binding (it may then claim only its own login name and no tenant); true when it had one';

GRANT EXECUTE ON FUNCTION governance.unbind_context(name) TO governance_admin;
