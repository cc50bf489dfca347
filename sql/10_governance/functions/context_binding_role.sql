-- The role a binding names, refused when binding it would defeat the point: the
-- governance_* roles (every application, reporting role and officer is a member of one, so
-- a binding there is a binding for all of them). Not granted: the binding functions call it.
CREATE OR REPLACE FUNCTION governance.context_binding_role(caller text, role_name name)
RETURNS oid
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    target oid := pg_catalog.to_regrole(pg_catalog.quote_ident(role_name));
BEGIN
    IF target IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'undefined_object',
            MESSAGE = pg_catalog.format('%s: role %L does not exist', caller, role_name);
    END IF;
    IF role_name IN ('governance_admin', 'governance_dpo', 'governance_auditor', 'governance_app') THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: %s cannot be bound: every member would claim what the binding allows', caller, role_name),
            HINT = 'Bind the login role of the application or person, or a group role of your own that only those logins are members of.';
    END IF;
    RETURN target;
END
$$;

COMMENT ON FUNCTION governance.context_binding_role(text, name) IS
    'Internal: the OID of the role a context binding names, refusing the governance_* roles';
