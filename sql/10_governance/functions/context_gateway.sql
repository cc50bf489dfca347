-- Whether the role this session acts as holds the gateway mark (governance.gateway_mark):
-- a gateway, the pack owner, one of its members or a superuser, who may claim any actor
-- and tenant with set_context anyway, so a context it sets by hand gains it nothing: the
-- context readers take its settings as they are and skip the seal. The role is SET
-- ROLE's, else the login, as set_context checks it; never CURRENT_USER, which inside a
-- definer function (the audit trigger, a wrapper of the application) is that function's
-- owner, whose claim rights a caller must not borrow.
-- Plain SQL, inlined into the readers: a setting read and a catalog lookup per statement.
CREATE OR REPLACE FUNCTION governance.context_gateway()
RETURNS boolean
LANGUAGE sql STABLE
AS $$
    SELECT pg_catalog.has_function_privilege(
               COALESCE(NULLIF(pg_catalog.current_setting('role'), 'none'), SESSION_USER::pg_catalog.text)::pg_catalog.name,
               'governance.gateway_mark()'::pg_catalog.regprocedure, 'EXECUTE')
$$;

COMMENT ON FUNCTION governance.context_gateway() IS
    'True when the role this session acts as (SET ROLE''s, else the login) may claim any actor and tenant: a gateway, the pack owner or a superuser, whose context the readers take without checking its seal';

GRANT EXECUTE ON FUNCTION governance.context_gateway()
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
