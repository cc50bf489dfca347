-- Uses the one extension the law allows (GDPR: two more months; CCPA: 45 more days;
-- HIPAA: 30 more days); the requester must be told why (GDPR Art. 12(3)).
CREATE OR REPLACE FUNCTION privacy.extend_request(request_id bigint, reason text)
RETURNS timestamptz
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    caller constant text := 'privacy.extend_request';
    req privacy.requests;
BEGIN
    PERFORM privacy.require_nonempty(caller, 'reason', reason);
    req := privacy.request_for_update(caller, request_id);
    IF req.extended_due_at IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state',
            MESSAGE = pg_catalog.format('%s: request %s was already extended to %s', caller, request_id, req.extended_due_at),
            HINT = 'The law allows one extension.';
    END IF;
    IF req.status IN ('completed', 'rejected') THEN
        RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state',
            MESSAGE = pg_catalog.format('%s: request %s is %s', caller, request_id, req.status);
    END IF;
    UPDATE privacy.requests r
       SET extended_due_at = privacy.request_deadline(req.regulation, req.received_at, true), extension_reason = reason
     WHERE r.id = request_id
    RETURNING r.extended_due_at INTO req.extended_due_at;
    RETURN req.extended_due_at;
END
$$;

COMMENT ON FUNCTION privacy.extend_request(bigint, text) IS
    'Extends a request''s due date once, as the regulation allows, with the reason; returns the new due date';

GRANT EXECUTE ON FUNCTION privacy.extend_request(bigint, text) TO governance_admin, governance_dpo;
