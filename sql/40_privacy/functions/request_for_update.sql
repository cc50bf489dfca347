-- Locks and returns a request for the functions that move it on; a missing one is an error.
CREATE OR REPLACE FUNCTION privacy.request_for_update(caller text, request_id bigint)
RETURNS privacy.requests
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    req privacy.requests;
BEGIN
    SELECT * INTO req FROM privacy.requests r WHERE r.id = request_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found',
            MESSAGE = pg_catalog.format('%s: request %s does not exist', caller, COALESCE(request_id::text, 'NULL'));
    END IF;
    RETURN req;
END
$$;

COMMENT ON FUNCTION privacy.request_for_update(text, bigint) IS
    'Internal: locks a privacy.requests row, raising P0002 naming the caller when it does not exist';
