-- Moves a request by hand: in_progress, completed (a rectification done in the
-- application, say) or rejected (manifestly unfounded, identity not verifiable). The
-- transition rules live in the trigger, so they hold for every writer.
CREATE OR REPLACE FUNCTION privacy.update_request_status(request_id bigint, status text, note text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    caller constant text := 'privacy.update_request_status';
BEGIN
    IF status IS NULL OR status NOT IN ('in_progress', 'completed', 'rejected') THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: status must be in_progress, completed or rejected, not %L', caller, status),
            HINT = 'Identity verification is recorded with privacy.verify_request.';
    END IF;
    IF status = 'rejected' THEN
        PERFORM privacy.require_nonempty(caller, 'note (the reason for the rejection)', note);
    END IF;
    PERFORM privacy.request_for_update(caller, request_id);
    UPDATE privacy.requests r SET status = update_request_status.status, closing_note = COALESCE(note, r.closing_note)
     WHERE r.id = request_id;
END
$$;

COMMENT ON FUNCTION privacy.update_request_status(bigint, text, text) IS
    'Moves a request to in_progress, completed or rejected (with a note), within the allowed transitions';

GRANT EXECUTE ON FUNCTION privacy.update_request_status(bigint, text, text) TO governance_admin, governance_dpo;
