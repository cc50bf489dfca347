-- The mark of a role that may claim any context: EXECUTE on this function, which does
-- nothing. governance.mark_gateway grants it to the roles bound to any actor and any
-- tenant (allow_any_context) and revokes it from the others, so the binding stays the
-- record and the mark follows it.
--
-- A privilege rather than a query of governance.context_bindings, because the context
-- readers test it on every statement: has_function_privilege is one catalog lookup that
-- the planner inlines with them, where a query would cost a function call of its own.
-- And it means what a binding means: it is inherited as a binding is (a role with a
-- gateway's privileges), it belongs to this database (a gateway here is no gateway in
-- another, unlike a role membership), the pack owner, its members and superusers hold it
-- too (they may claim anything), and no predefined role (pg_read_all_data,
-- pg_write_all_data) confers it.
CREATE OR REPLACE FUNCTION governance.gateway_mark()
RETURNS void
LANGUAGE sql IMMUTABLE
AS $$ $$;

COMMENT ON FUNCTION governance.gateway_mark() IS
    'Internal: EXECUTE on it marks a role that may claim any actor and tenant (granted by governance.mark_gateway from the context bindings)';
