-- Whether this session may claim any actor and tenant with set_context: its login, or the
-- role it acts as (SET ROLE's), holds the gateway mark (governance.gateway_mark): a
-- gateway, the pack owner, one of its members or a superuser. The login counts whatever
-- role the session acts as, since it can RESET ROLE and claim anything; CURRENT_USER
-- never does: inside a definer function (set_context itself, a wrapper of the
-- application) it is that function's owner, whose claim rights a caller must not borrow.
-- set_context asks it before looking at any binding; the readers ask the narrower
-- governance.context_unsealed (the login only, and the transaction).
CREATE OR REPLACE FUNCTION governance.context_gateway()
RETURNS boolean
LANGUAGE sql STABLE
AS $$
    SELECT pg_catalog.has_function_privilege(SESSION_USER, 'governance.gateway_mark()'::pg_catalog.regprocedure, 'EXECUTE')
        OR pg_catalog.has_function_privilege(
               COALESCE(NULLIF(pg_catalog.current_setting('role'), 'none'), SESSION_USER::pg_catalog.text)::pg_catalog.name,
               'governance.gateway_mark()'::pg_catalog.regprocedure, 'EXECUTE')
$$;

COMMENT ON FUNCTION governance.context_gateway() IS
    'True when this session''s login or the role it acts as may claim any actor and tenant in governance.set_context: a gateway, the pack owner or a superuser';

GRANT EXECUTE ON FUNCTION governance.context_gateway()
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
