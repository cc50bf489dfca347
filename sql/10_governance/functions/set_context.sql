-- The context is a claim: "this transaction acts for this actor in this tenant". Audit
-- trails, tenant isolation and privacy budgets believe it, so a role may claim only what
-- an administrator bound it to (governance.context_bindings, docs/threat_model.md#identity-who-may-claim-which-actor-and-tenant):
--   * its own login name (SESSION_USER) with no tenant, always: that is no claim at all,
--     current_actor() says the same without a context;
--   * the actors and tenants of a binding of the role it acts as, or of a role whose
--     privileges that role inherits;
--   * anything, if its login or the role it acts as holds the gateway mark
--     (governance.gateway_mark, governance.context_gateway): gateways, and whoever holds
--     the rights of this function's owner (the owner, its members, superusers), who can
--     read the seal's key and mint a seal anyway.
-- The role it acts as is the one SET ROLE chose, else the login: a definer function cannot
-- see its invoker's CURRENT_USER, but the server checked at SET ROLE time that the login
-- may become that role, and the "role" setting cannot be changed inside a definer
-- function. So a role's claim rights follow SET ROLE (a login bound to one tenant that
-- becomes a gateway claims as a gateway; a gateway's login keeps its own, since it could
-- RESET ROLE), and a wrapper function with definer rights lends its owner's table
-- privileges, never its owner's claim rights.
--
-- The check runs here, once per transaction; the readers (context_values) only verify
-- the seal, and only for a login without the gateway mark, so no statement pays for it.
CREATE OR REPLACE FUNCTION governance.set_context(
    actor   text,
    tenant  text   DEFAULT NULL,
    roles   text[] DEFAULT NULL,
    purpose text   DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    roles_text text := CASE WHEN roles IS NULL THEN '' ELSE roles::text END;
    -- A login with the gateway mark may claim anything whatever role it acts as, and its
    -- readers take the context without a seal (governance.context_unsealed).
    unsealed   boolean := pg_catalog.has_function_privilege(SESSION_USER, 'governance.gateway_mark()'::pg_catalog.regprocedure, 'EXECUTE');
    acting_as  text;
    caller     oid;
    done       text;
    allowed    boolean;
BEGIN
    IF actor IS NULL OR pg_catalog.btrim(actor) = '' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'governance.set_context: actor must be a non-empty string',
            HINT = 'Pass the end user or service on whose behalf this transaction runs.';
    END IF;
    IF tenant = '' OR purpose = '' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'governance.set_context: tenant and purpose must be NULL or non-empty';
    END IF;
    IF pg_catalog.array_position(roles, NULL) IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = 'governance.set_context: roles must not contain NULL';
    END IF;

    -- A session whose login or role has the gateway mark may claim anything: no more checks.
    IF (tenant IS NOT NULL OR actor IS DISTINCT FROM SESSION_USER::pg_catalog.text)
       AND NOT unsealed AND NOT governance.context_gateway() THEN
        -- The role exists: context_gateway() would have failed on a dropped one.
        acting_as := pg_catalog.current_setting('role');
        caller := pg_catalog.quote_ident(CASE WHEN acting_as = 'none' THEN SESSION_USER::pg_catalog.text ELSE acting_as END)::pg_catalog.regrole;
        -- The role's own binding (one index probe), then those it inherits. The probe is a
        -- query of its own, whose plan does not depend on the arguments: PL/pgSQL keeps
        -- one plan for it, where a query testing the arguments too was planned again on
        -- every call.
        SELECT (b.any_actor OR actor = ANY (b.actors) OR actor = SESSION_USER::pg_catalog.text)
               AND (tenant IS NULL OR b.any_tenant OR tenant = ANY (b.tenants))
          INTO allowed
          FROM governance.context_bindings b
         WHERE b.role = caller;
        -- Nested, so that the accepted probe skips the query below altogether.
        IF allowed IS NOT TRUE THEN
            IF NOT EXISTS (SELECT 1 FROM governance.context_bindings b
                            WHERE b.role <> caller
                              AND pg_catalog.pg_has_role(caller, b.role, 'USAGE')
                              AND (b.any_actor OR actor = ANY (b.actors) OR actor = SESSION_USER::pg_catalog.text)
                              AND (tenant IS NULL OR b.any_tenant OR tenant = ANY (b.tenants))) THEN
                PERFORM governance.refuse_context_claim(caller, actor, tenant);
            END IF;
        END IF;
    END IF;

    -- Transaction-local (is_local => true): a pooled connection cannot leak one
    -- request's identity into the next transaction. Assignments rather than PERFORM: a
    -- plain expression is evaluated without a query (and the seal is inlined into it),
    -- which halves the cost of this function.
    done := pg_catalog.set_config('governance.actor', actor, true);
    done := pg_catalog.set_config('governance.tenant', COALESCE(tenant, ''), true);
    done := pg_catalog.set_config('governance.roles', roles_text, true);
    done := pg_catalog.set_config('governance.purpose', COALESCE(purpose, ''), true);
    -- The seal is for readers that check it: those of a session whose login lacks the
    -- gateway mark (it may SET ROLE to a role without it). A login with the mark pays
    -- for no seal: the setting holds the mark of this transaction instead, which its
    -- readers take as "set in this transaction" (governance.context_unsealed).
    IF unsealed THEN
        done := pg_catalog.set_config('governance.context_seal',
            pg_catalog.encode(pg_catalog.timestamptz_send(pg_catalog.now()), 'hex'), true);
    ELSE
        done := pg_catalog.set_config('governance.context_seal',
            governance.context_seal(actor, COALESCE(tenant, ''), roles_text, COALESCE(purpose, '')), true);
    END IF;
END
$$;

COMMENT ON FUNCTION governance.set_context(text, text, text[], text) IS
    'Sets the actor, tenant, roles and purpose of the current transaction for audit, RLS and access checks; the actor and tenant must be ones governance.context_bindings lets the calling role claim';

GRANT EXECUTE ON FUNCTION governance.set_context(text, text, text[], text)
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
