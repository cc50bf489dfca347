CREATE OR REPLACE FUNCTION access.policy_error(path text, problem text)
RETURNS void
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
        MESSAGE = pg_catalog.format('access.create_policy: %s %s', path, problem),
        HINT = 'See docs/access.md for the policy format.';
END
$$;

COMMENT ON FUNCTION access.policy_error(text, text) IS 'Internal: rejects a malformed policy, naming the field';
