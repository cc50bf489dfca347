-- One bound of governance.limits. A name that is not there is a bug of the pack, not a
-- request to go unbounded.
CREATE OR REPLACE FUNCTION governance.limit_value(limit_name text)
RETURNS bigint
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    bound bigint := (SELECT l.value FROM governance.limits l WHERE l.name = limit_name);
BEGIN
    IF bound IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'internal_error',
            MESSAGE = pg_catalog.format('governance.limit_value: no limit %L in governance.limits', limit_name);
    END IF;
    RETURN bound;
END
$$;

COMMENT ON FUNCTION governance.limit_value(text) IS
    'Internal: the value of one resource limit of governance.limits (the definer functions check requests against it)';
