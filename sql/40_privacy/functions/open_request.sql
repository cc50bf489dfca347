-- Opens a data-subject request with its statutory due date. subject_type names the kind
-- of subject when several are registered for erasure and export; details carries what
-- the request is about (for restriction and objection: {"purposes": [...]}).
CREATE OR REPLACE FUNCTION privacy.open_request(
    subject_key text, request_type text, regulation text DEFAULT 'gdpr',
    subject_type text DEFAULT NULL, details jsonb DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    caller constant text := 'privacy.open_request';
    for_type text;
    new_id bigint;
BEGIN
    PERFORM privacy.require_nonempty(caller, 'subject_key', subject_key);
    IF request_type IS NULL OR request_type NOT IN ('access', 'portability', 'rectification', 'erasure', 'restriction',
                                                    'objection', 'opt_out_of_sale', 'limit_use') THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: unknown request type %L', caller, request_type),
            HINT = 'Use access, portability, rectification, erasure, restriction, objection, opt_out_of_sale or limit_use.';
    END IF;
    IF regulation IS NULL OR regulation NOT IN ('gdpr', 'ccpa', 'hipaa') THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: unknown regulation %L', caller, regulation),
            HINT = 'Use gdpr, ccpa or hipaa.';
    END IF;
    IF request_type IN ('opt_out_of_sale', 'limit_use') AND regulation <> 'ccpa' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: %s is a CCPA right; open it with regulation ''ccpa''', caller, request_type);
    END IF;
    IF details IS NOT NULL AND pg_catalog.jsonb_typeof(details) <> 'object' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: details must be a JSON object', caller);
    END IF;
    IF details ? 'purposes' AND (pg_catalog.jsonb_typeof(details->'purposes') <> 'array' OR EXISTS (
            SELECT 1 FROM pg_catalog.jsonb_array_elements(details->'purposes') e
             WHERE pg_catalog.jsonb_typeof(e) <> 'string'
                OR NOT EXISTS (SELECT 1 FROM privacy.purposes p WHERE p.name = e #>> '{}'))) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: details.purposes must be an array of registered purposes, not %s',
                                        caller, details->'purposes'),
            HINT = 'Purposes are listed in privacy.purposes.';
    END IF;

    -- Access, portability and erasure act on a registered subject type, and a request never
    -- changes: one that could not say which would be stranded. Given or, when only one is
    -- registered, that one; none needed while no subject table is registered.
    IF subject_type IS NOT NULL OR (request_type IN ('access', 'portability', 'erasure')
                                    AND EXISTS (SELECT 1 FROM privacy.subjects)) THEN
        for_type := privacy.require_subject_type(caller, subject_type);
    END IF;

    INSERT INTO privacy.requests (subject_key, subject_type, request_type, regulation, details, due_at, opened_by)
    VALUES (subject_key, for_type, request_type, regulation, details,
            privacy.request_deadline(regulation, pg_catalog.now()), governance.current_actor())
    RETURNING id INTO new_id;
    INSERT INTO privacy.request_events (request_id, event, to_status, actor)
    VALUES (new_id, 'opened', 'open', governance.current_actor());
    RETURN new_id;
END
$$;

COMMENT ON FUNCTION privacy.open_request(text, text, text, text, jsonb) IS
    'Opens a data-subject request (access, portability, rectification, erasure, restriction, objection, opt_out_of_sale, limit_use) with its statutory due date; returns its id';

GRANT EXECUTE ON FUNCTION privacy.open_request(text, text, text, text, jsonb)
    TO governance_admin, governance_dpo, governance_app;
