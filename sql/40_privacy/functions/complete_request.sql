-- The requests capability (privacy.requests) is built separately; when it is installed,
-- the erasure that carries out a request marks it completed (status 'completed',
-- completed_at now(), whichever of the two columns exist). A request id that does not
-- exist is an error, which rolls the erasure back.
CREATE OR REPLACE FUNCTION privacy.complete_request(caller text, request_id bigint)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    assignments text;
    n bigint;
BEGIN
    IF pg_catalog.to_regclass('privacy.requests') IS NULL THEN
        RETURN;
    END IF;
    SELECT pg_catalog.string_agg(CASE a.attname WHEN 'status' THEN 'status = ''completed'''
                                                ELSE 'completed_at = pg_catalog.now()' END, ', ')
      INTO assignments
      FROM pg_catalog.pg_attribute a
     WHERE a.attrelid = 'privacy.requests'::regclass AND a.attname IN ('status', 'completed_at')
       AND NOT a.attisdropped;
    EXECUTE pg_catalog.format('UPDATE privacy.requests SET %s WHERE id = $1',
                              COALESCE(assignments, 'id = id')) USING request_id;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n = 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found',
            MESSAGE = pg_catalog.format('%s: request %s does not exist; nothing was changed', caller, request_id);
    END IF;
END
$$;

COMMENT ON FUNCTION privacy.complete_request(text, bigint) IS
    'Marks privacy.requests row request_id completed, when the requests capability is installed';
