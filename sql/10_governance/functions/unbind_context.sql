-- Removes a role's binding: from its next set_context on it may claim only its own login
-- name and no tenant (a context already set in a running transaction stays until it ends).
-- The binding of a role that was dropped shows its OID as the role's name
-- (security.context_gateways lists it); that OID removes it.
CREATE OR REPLACE FUNCTION governance.unbind_context(role_name name)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    caller constant text := 'governance.unbind_context';
    target oid;
BEGIN
    IF role_name ~ '^[0-9]+$' AND pg_catalog.to_regrole(pg_catalog.quote_ident(role_name)) IS NULL THEN
        target := role_name::oid;
        IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.oid = target) THEN
            target := governance.context_binding_role(caller, role_name);  -- not a dropped role: refused as unknown
        END IF;
    ELSE
        target := governance.context_binding_role(caller, role_name);
    END IF;
    DELETE FROM governance.context_bindings b WHERE b.role = target;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    PERFORM governance.mark_gateway(target);
    PERFORM audit.record_event('audit.context_binding', 'unbind', 'role', target::pg_catalog.regrole::pg_catalog.text, NULL);
    RETURN true;
END
$$;

COMMENT ON FUNCTION governance.unbind_context(name) IS
    'Removes a role''s context binding (it may then claim only its own login name and no tenant); true when it had one';

GRANT EXECUTE ON FUNCTION governance.unbind_context(name) TO governance_admin;
