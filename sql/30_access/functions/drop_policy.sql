CREATE OR REPLACE FUNCTION access.drop_policy(name text)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
BEGIN
    LOCK TABLE access.policies IN SHARE ROW EXCLUSIVE MODE;
    DELETE FROM access.policies p WHERE p.name = drop_policy.name;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    PERFORM access.compile_policies();
    RETURN true;
END
$$;

COMMENT ON FUNCTION access.drop_policy(text) IS 'ABAC: removes a policy; true when it existed';

GRANT EXECUTE ON FUNCTION access.drop_policy(text) TO governance_admin;
