-- Carries out a verified request in the caller's transaction, all or nothing:
--   access, portability  privacy.gdpr_export, plus the CCPA right-to-know summary of
--                        disclosures over the last 12 months
--   erasure              privacy.gdpr_forget, which completes the request and
--                        pseudonymizes the workflow records (privacy.pseudonymize_subject)
--   opt_out_of_sale,     an opt-out (kind sale or limit_use) linked to the request
--   limit_use
--   restriction,         a refusal recorded for each purpose in details.purposes, all
--   objection            registered purposes when none are named: has_consent turns false
--                        and consent guards hide the subject's rows for those purposes
-- Rectification needs the corrected data and is done by the application; the request is
-- then closed with privacy.update_request_status. The outcome goes to privacy.request_events.
CREATE OR REPLACE FUNCTION privacy.process_request(request_id bigint)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    caller constant text := 'privacy.process_request';
    req privacy.requests;
    result jsonb;
    logged jsonb;
BEGIN
    req := privacy.request_for_update(caller, request_id);
    IF req.status NOT IN ('verified', 'in_progress') THEN
        RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state',
            MESSAGE = pg_catalog.format('%s: request %s is %s; only verified requests are carried out',
                                        caller, request_id, req.status),
            HINT = 'An open request needs its identity verification recorded first (privacy.verify_request); a closed one is final.';
    END IF;
    IF req.request_type = 'rectification' THEN
        RAISE EXCEPTION USING ERRCODE = 'feature_not_supported',
            MESSAGE = pg_catalog.format('%s: request %s is a rectification, which the application carries out', caller, request_id),
            HINT = 'Correct the data, then close the request with privacy.update_request_status(id, ''completed'', note).';
    END IF;
    IF req.status = 'verified' THEN
        UPDATE privacy.requests r SET status = 'in_progress' WHERE r.id = req.id;
    END IF;

    CASE req.request_type
    WHEN 'access', 'portability' THEN
        result := privacy.gdpr_export(req.subject_key, req.subject_type)
                  || pg_catalog.jsonb_build_object('disclosures', privacy.sharing_disclosures(req.subject_key));
        -- The export itself goes to the requester, not into the evidence.
        logged := pg_catalog.jsonb_build_object('exported_tables', (SELECT pg_catalog.count(*) FROM pg_catalog.jsonb_object_keys(
                                                                        COALESCE(result->'tables', '{}'))));
    WHEN 'erasure' THEN
        result := privacy.gdpr_forget(req.subject_key, req.subject_type, req.id);
        logged := result;
    WHEN 'opt_out_of_sale', 'limit_use' THEN
        result := pg_catalog.jsonb_build_object('opt_out_id', privacy.record_opt_out(
                      caller, req.subject_key, CASE req.request_type WHEN 'limit_use' THEN 'limit_use' ELSE 'sale' END,
                      'request', req.id));
        logged := result;
    ELSE -- restriction, objection
        SELECT pg_catalog.jsonb_build_object('withdrawn', COALESCE(pg_catalog.jsonb_object_agg(p.name, privacy.record_consent(
                   req.subject_key, p.name, false, NULL,
                   pg_catalog.jsonb_build_object('source', 'request', 'request_id', req.id, 'request_type', req.request_type))),
                   '{}'))
          INTO result
          FROM privacy.purposes p
         WHERE NOT COALESCE(req.details ? 'purposes', false)
            OR p.name IN (SELECT pg_catalog.jsonb_array_elements_text(req.details->'purposes'));
        logged := result;
    END CASE;

    -- gdpr_forget completes the request it is given; the other paths complete it here.
    UPDATE privacy.requests r SET status = 'completed' WHERE r.id = req.id AND r.status <> 'completed';
    INSERT INTO privacy.request_events (request_id, event, details, actor)
    VALUES (req.id, 'processed', logged, governance.current_actor());
    RETURN result;
END
$$;

COMMENT ON FUNCTION privacy.process_request(bigint) IS
    'Carries out a verified request: export (access, portability), erasure, opt-out (opt_out_of_sale, limit_use), restriction or objection; completes it and returns the outcome';

GRANT EXECUTE ON FUNCTION privacy.process_request(bigint) TO governance_admin, governance_dpo;
