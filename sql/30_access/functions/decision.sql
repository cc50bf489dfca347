-- The ABAC decision without side effects, for RLS predicates (STABLE: one call per row
-- must not write) and for access.evaluate. It reads the user and the resource in one
-- query and calls the generated access.decide, which has no SET clause of its own (it
-- runs under this function's pinned search_path): every function boundary with a SET
-- clause costs microseconds, and this runs thousands of times per second.
CREATE OR REPLACE FUNCTION access.decision(user_id text, resource_id text, action text, resource_type text DEFAULT NULL)
RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    u jsonb;
    r jsonb;
BEGIN
    IF user_id IS NULL OR resource_id IS NULL OR action IS NULL THEN
        RETURN false;
    END IF;
    SELECT i.u, i.r INTO u, r FROM access.decision_inputs(user_id, resource_id, resource_type) i;
    RETURN access.decide(u, r, NULL, action);
END
$$;

COMMENT ON FUNCTION access.decision(text, text, text, text) IS
    'ABAC: access.evaluate without denial logging, for RLS predicates; resource_type applies to unregistered resources';

GRANT EXECUTE ON FUNCTION access.decision(text, text, text, text) TO governance_admin, governance_auditor, governance_app;
