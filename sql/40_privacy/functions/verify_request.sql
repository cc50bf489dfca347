-- Records how the requester's identity was verified (GDPR Art. 12(6), CCPA 1798.140(ak)):
-- only verified requests are carried out.
CREATE OR REPLACE FUNCTION privacy.verify_request(request_id bigint, method text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    caller constant text := 'privacy.verify_request';
BEGIN
    PERFORM privacy.require_nonempty(caller, 'method', method);
    PERFORM privacy.request_for_update(caller, request_id);
    UPDATE privacy.requests r
       SET status = 'verified', verified_at = pg_catalog.now(), verified_by = governance.current_actor(),
           verification_method = method
     WHERE r.id = request_id;
END
$$;

COMMENT ON FUNCTION privacy.verify_request(bigint, text) IS
    'Records the verification of a requester''s identity (how) and moves the request from open to verified';

GRANT EXECUTE ON FUNCTION privacy.verify_request(bigint, text) TO governance_admin, governance_dpo;
