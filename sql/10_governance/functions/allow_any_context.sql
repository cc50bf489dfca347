-- The gateway binding: the role may claim any actor and any tenant. For the connection
-- pool of an application server that authenticated its users itself; whoever can log in
-- as (or SET ROLE to) this role can act as anyone, spend anyone's privacy budget and read
-- any tenant, so never give it to a person's login.
CREATE OR REPLACE FUNCTION governance.allow_any_context(role_name name)
RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
    SELECT governance.bind_context(role_name, any_actor => true, any_tenant => true)
$$;

COMMENT ON FUNCTION governance.allow_any_context(name) IS
    'Makes a role a gateway: it (and the roles inheriting from it) may claim any actor and tenant in governance.set_context';

GRANT EXECUTE ON FUNCTION governance.allow_any_context(name) TO governance_admin;
