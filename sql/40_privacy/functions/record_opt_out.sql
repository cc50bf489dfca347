-- Shared by opt_out_of_sale, record_gpc_signal and process_request: one row per opt-out
-- received, whatever its channel. Repeating an opt-out is harmless and recorded.
CREATE OR REPLACE FUNCTION privacy.record_opt_out(caller text, subject_key text, kind text, source text,
                                                  request_id bigint DEFAULT NULL, evidence jsonb DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    new_id bigint;
BEGIN
    -- One form per subject (governance.subject_key): 'CUST-7 ' and 'cust-7' are one key.
    subject_key := governance.subject_key(subject_key);
    PERFORM privacy.require_nonempty(caller, 'subject_key', subject_key);
    IF evidence IS NOT NULL AND pg_catalog.jsonb_typeof(evidence) <> 'object' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: evidence must be a JSON object', caller);
    END IF;
    INSERT INTO privacy.opt_outs (subject_key, kind, source, request_id, evidence, recorded_by)
    VALUES (subject_key, kind, source, request_id, evidence, governance.current_actor())
    RETURNING id INTO new_id;
    RETURN new_id;
END
$$;

COMMENT ON FUNCTION privacy.record_opt_out(text, text, text, text, bigint, jsonb) IS
    'Internal: records a CCPA opt-out (sale or limit_use) from a channel (direct, gpc, request)';
