-- Whether this session's login holds the gateway mark (governance.gateway_mark): a
-- gateway, the pack owner, one of its members or a superuser. Such a session can claim
-- any actor and tenant with set_context (after RESET ROLE if it changed role), so a
-- context it sets by hand gains it nothing: the context readers take its settings as
-- they are and skip the seal. The login, not CURRENT_USER, which inside a definer
-- function (the audit trigger) is the function's owner; not SET ROLE's role either,
-- whose test would cost every statement a second setting read: a login without the mark
-- that became a gateway by SET ROLE goes through the seal, which set_context made.
-- Plain SQL, inlined into the readers: one catalog lookup per statement.
CREATE OR REPLACE FUNCTION governance.context_gateway()
RETURNS boolean
LANGUAGE sql STABLE
AS $$
    SELECT pg_catalog.has_function_privilege(SESSION_USER, 'governance.gateway_mark()'::pg_catalog.regprocedure, 'EXECUTE')
$$;

COMMENT ON FUNCTION governance.context_gateway() IS
    'True when this session''s login may claim any actor and tenant (a gateway, the pack owner or a superuser), whose context the readers take without checking its seal';

GRANT EXECUTE ON FUNCTION governance.context_gateway()
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
