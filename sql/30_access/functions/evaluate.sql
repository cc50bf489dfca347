CREATE OR REPLACE FUNCTION access.evaluate(user_id text, resource_id text, action text)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    allowed boolean := access.decision(user_id, resource_id, action);
BEGIN
    -- Checking the switch here spares a function call on every denial while logging is off.
    IF NOT allowed AND (SELECT s.log_denials FROM access.settings s) THEN
        PERFORM access.log_denial('access.evaluate', user_id, action,
                                  (SELECT r.resource_type FROM access.resources r WHERE r.resource_id = evaluate.resource_id),
                                  resource_id, NULL);
    END IF;
    RETURN allowed;
END
$$;

COMMENT ON FUNCTION access.evaluate(text, text, text) IS
    'ABAC: whether the user may perform the action on the resource (default deny, deny overrides allow)';

GRANT EXECUTE ON FUNCTION access.evaluate(text, text, text) TO governance_admin, governance_auditor, governance_app;
