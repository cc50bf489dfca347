-- Every role a role inherits from, at any depth (not the role itself). UNION, not UNION
-- ALL, so the walk ends even if a cycle slipped in.
CREATE OR REPLACE FUNCTION access.role_ancestors(role_name text)
RETURNS TABLE (role text)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
    WITH RECURSIVE up (role) AS (
        SELECT rp.parent FROM access.role_parents rp WHERE rp.role = role_name
        UNION
        SELECT rp.parent FROM access.role_parents rp JOIN up ON rp.role = up.role)
    SELECT up.role FROM up
$$;

COMMENT ON FUNCTION access.role_ancestors(text) IS
    'The roles a role inherits from, directly or through its parents';

GRANT EXECUTE ON FUNCTION access.role_ancestors(text) TO governance_admin, governance_auditor;
