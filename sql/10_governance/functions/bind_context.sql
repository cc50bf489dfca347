-- Declares what a role may claim in governance.set_context, replacing its binding (so a
-- setup script can be re-run). The role may always claim its own login name with no
-- tenant; the binding adds the listed actors and tenants, or any (any_actor, any_tenant:
-- an application pool that authenticates its users, possibly restricted to its tenants).
-- A binding applies to the role and to every role that inherits its privileges, so the
-- governance_* roles themselves are refused: binding governance_app would let every
-- application and reporting role claim what it lists. The change is an audit.* event of
-- the tamper-evident trail. A binding to any actor and any tenant also marks the role as
-- a gateway (governance.mark_gateway), whose context the readers take as it is set.
CREATE OR REPLACE FUNCTION governance.bind_context(
    role_name  name,
    actors     text[]  DEFAULT '{}',
    tenants    text[]  DEFAULT '{}',
    any_actor  boolean DEFAULT false,
    any_tenant boolean DEFAULT false)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    caller constant text := 'governance.bind_context';
    target oid := governance.context_binding_role(caller, role_name);
BEGIN
    IF actors IS NULL OR tenants IS NULL OR any_actor IS NULL OR any_tenant IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = pg_catalog.format('%s: actors, tenants, any_actor and any_tenant must not be NULL', caller),
            HINT = 'An empty list binds nothing; any_actor => true or any_tenant => true allows any.';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_catalog.unnest(actors || tenants) v WHERE v IS NULL OR pg_catalog.btrim(v) = '') THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: actors and tenants must be non-empty strings', caller);
    END IF;
    IF (any_actor AND actors <> '{}') OR (any_tenant AND tenants <> '{}') THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: a list and "any" for the same dimension contradict each other', caller),
            HINT = 'Pass either the actors (tenants) the role may claim or any_actor (any_tenant) => true.';
    END IF;

    INSERT INTO governance.context_bindings AS b (role, any_actor, actors, any_tenant, tenants, bound_by)
    VALUES (target, bind_context.any_actor,
            ARRAY(SELECT DISTINCT a FROM pg_catalog.unnest(bind_context.actors) a ORDER BY a),
            bind_context.any_tenant,
            ARRAY(SELECT DISTINCT t FROM pg_catalog.unnest(bind_context.tenants) t ORDER BY t),
            governance.current_actor())
    ON CONFLICT (role) DO UPDATE
       SET any_actor = EXCLUDED.any_actor, actors = EXCLUDED.actors, any_tenant = EXCLUDED.any_tenant,
           tenants = EXCLUDED.tenants, bound_by = EXCLUDED.bound_by, bound_at = EXCLUDED.bound_at;
    PERFORM governance.mark_gateway(target);

    PERFORM audit.record_event('audit.context_binding', 'bind', 'role', target::pg_catalog.regrole::pg_catalog.text,
        pg_catalog.jsonb_build_object('any_actor', bind_context.any_actor, 'actors', bind_context.actors,
                                      'any_tenant', bind_context.any_tenant, 'tenants', bind_context.tenants));
END
$$;

COMMENT ON FUNCTION governance.bind_context(name, text[], text[], boolean, boolean) IS
    'Sets the actors and tenants a role (and the roles inheriting from it) may claim in governance.set_context, replacing its binding';

GRANT EXECUTE ON FUNCTION governance.bind_context(name, text[], text[], boolean, boolean) TO governance_admin;
