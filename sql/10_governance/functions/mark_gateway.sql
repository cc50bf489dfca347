-- Grants or revokes a role's gateway mark (governance.gateway_mark) to match its binding:
-- marked if and only if it is bound to any actor and any tenant. bind_context and
-- unbind_context call it for the role they change; generated/gateway_marks.sql calls it
-- for every role at each apply, which also undoes a mark granted or revoked by hand.
-- A role that no longer exists has no mark to change (DROP ROLE refuses a marked role).
CREATE OR REPLACE FUNCTION governance.mark_gateway(target oid)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    gateway boolean := EXISTS (SELECT 1 FROM governance.context_bindings b
                                WHERE b.role = target AND b.any_actor AND b.any_tenant);
BEGIN
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.oid = target) THEN
        EXECUTE pg_catalog.format(CASE WHEN gateway THEN 'GRANT EXECUTE ON FUNCTION governance.gateway_mark() TO %s'
                                       ELSE 'REVOKE EXECUTE ON FUNCTION governance.gateway_mark() FROM %s' END,
                                  target::pg_catalog.regrole);
    END IF;
END
$$;

COMMENT ON FUNCTION governance.mark_gateway(oid) IS
    'Internal: grants or revokes a role''s gateway mark to match its context binding (any actor and any tenant)';
