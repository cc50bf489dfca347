-- set_context's refusal, apart so that the accepted path stays short: says whether the
-- actor or the tenant is what the role may not claim, and gives the statement an
-- administrator runs to allow it (the role's whole binding, since bind_context replaces
-- it). Not granted: set_context calls it with its owner's rights.
CREATE OR REPLACE FUNCTION governance.refuse_context_claim(caller oid, actor text, tenant text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    role_name text := caller::pg_catalog.regrole::pg_catalog.text;
    own       governance.context_bindings%ROWTYPE;
    actor_ok  boolean;
    claim     text;
    actors    text[];
    tenants   text[];
BEGIN
    SELECT * INTO own FROM governance.context_bindings b WHERE b.role = caller;
    actor_ok := actor = SESSION_USER::pg_catalog.text
        OR EXISTS (SELECT 1 FROM governance.context_bindings b
                    WHERE pg_catalog.pg_has_role(caller, b.role, 'USAGE')
                      AND (b.any_actor OR actor = ANY (b.actors)));
    actors := COALESCE(own.actors, '{}');
    tenants := COALESCE(own.tenants, '{}');
    IF actor_ok THEN
        claim := pg_catalog.format('tenant %L', tenant);
        tenants := tenants || tenant;
    ELSE
        claim := pg_catalog.format('actor %L', actor);
        actors := actors || actor;
        IF tenant IS NOT NULL AND NOT (COALESCE(own.any_tenant, false) OR tenant = ANY (tenants)) THEN
            tenants := tenants || tenant;
        END IF;
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
        MESSAGE = pg_catalog.format('governance.set_context: role %s may not claim %s', role_name, claim),
        DETAIL = CASE WHEN own.role IS NULL
                      THEN pg_catalog.format('Role %s has no binding: it may claim only its login name (%s) and no tenant.', role_name, SESSION_USER)
                      ELSE pg_catalog.format('Role %s may claim its login name (%s), the actors %s and the tenants %s.', role_name, SESSION_USER,
                                             CASE WHEN own.any_actor THEN 'any' ELSE own.actors::text END,
                                             CASE WHEN own.any_tenant THEN 'any' ELSE own.tenants::text END) END,
        HINT = pg_catalog.format(
            'A governance_admin binds the role to what it may claim: SELECT governance.bind_context(%L, actors => %L, tenants => %L%s%s); '
            'for the connection pool of an application that authenticates its users: SELECT governance.allow_any_context(%L);',
            role_name,
            CASE WHEN COALESCE(own.any_actor, false) THEN '{}' ELSE actors::text END,
            CASE WHEN COALESCE(own.any_tenant, false) THEN '{}' ELSE tenants::text END,
            CASE WHEN own.any_actor THEN ', any_actor => true' ELSE '' END,
            CASE WHEN own.any_tenant THEN ', any_tenant => true' ELSE '' END,
            role_name);
END
$$;

COMMENT ON FUNCTION governance.refuse_context_claim(oid, text, text) IS
    'Internal: set_context''s 42501 when a role claims an actor or tenant it is not bound to, with the binding to add';
