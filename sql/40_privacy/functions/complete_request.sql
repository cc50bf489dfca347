-- The requests capability (privacy.requests) is built separately; when it is installed,
-- the erasure that carries out a request marks it completed (status 'completed',
-- completed_at now(), whichever of the two columns exist). A request id that does not
-- exist is an error, which rolls the erasure back; so is a request that is not an erasure
-- request of this subject (subject key, request type and subject type, whichever columns
-- exist): another person's request must not read as fulfilled while their data is there.
DROP FUNCTION IF EXISTS privacy.complete_request(text, bigint);
CREATE OR REPLACE FUNCTION privacy.complete_request(caller text, request_id bigint, subject_key text, subject_type text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    assignments text;
    conditions text;
    n bigint;
BEGIN
    IF pg_catalog.to_regclass('privacy.requests') IS NULL THEN
        RETURN;
    END IF;
    SELECT pg_catalog.string_agg(CASE a.attname WHEN 'status' THEN 'status = ''completed'''
                                                ELSE 'completed_at = pg_catalog.now()' END, ', ')
               FILTER (WHERE a.attname IN ('status', 'completed_at')),
           pg_catalog.string_agg(CASE a.attname WHEN 'subject_key' THEN 'governance.subject_key(subject_key) = governance.subject_key($2)'
                                                WHEN 'request_type' THEN 'request_type = ''erasure'''
                                                ELSE '(subject_type IS NULL OR subject_type = $3)' END, ' AND ')
               FILTER (WHERE a.attname IN ('subject_key', 'request_type', 'subject_type'))
      INTO assignments, conditions
      FROM pg_catalog.pg_attribute a
     WHERE a.attrelid = 'privacy.requests'::regclass AND NOT a.attisdropped
       AND a.attname IN ('status', 'completed_at', 'subject_key', 'request_type', 'subject_type');
    EXECUTE pg_catalog.format('UPDATE privacy.requests SET %s WHERE id = $1 AND %s',
                              COALESCE(assignments, 'id = id'), COALESCE(conditions, 'true'))
      USING request_id, subject_key, subject_type;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n = 0 THEN
        EXECUTE 'SELECT pg_catalog.count(*) FROM privacy.requests WHERE id = $1' INTO n USING request_id;
        IF n = 0 THEN
            RAISE EXCEPTION USING ERRCODE = 'no_data_found',
                MESSAGE = pg_catalog.format('%s: request %s does not exist; nothing was changed', caller, request_id);
        END IF;
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: request %s is not an erasure request of this %s; nothing was changed',
                                        caller, request_id, subject_type),
            HINT = 'Pass the id of the subject''s own erasure request, or none.';
    END IF;
END
$$;

COMMENT ON FUNCTION privacy.complete_request(text, bigint, text, text) IS
    'Internal: marks privacy.requests row request_id completed, when the requests capability is installed and it is an erasure request of the subject';
