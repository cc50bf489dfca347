-- The ABAC decision without side effects, for RLS predicates (STABLE: one call per row
-- must not write) and for access.evaluate.
CREATE OR REPLACE FUNCTION access.decision(user_id text, resource_id text, action text, resource_type text DEFAULT NULL)
RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF user_id IS NULL OR resource_id IS NULL OR action IS NULL THEN
        RETURN false;
    END IF;
    RETURN access.decide(access.user_attributes(user_id), access.resource_attributes(resource_id, resource_type), NULL, action);
END
$$;

COMMENT ON FUNCTION access.decision(text, text, text, text) IS
    'ABAC: access.evaluate without denial logging, for RLS predicates; resource_type applies to unregistered resources';

GRANT EXECUTE ON FUNCTION access.decision(text, text, text, text) TO governance_admin, governance_auditor, governance_app;
