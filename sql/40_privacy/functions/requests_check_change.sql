-- Requests change only along the workflow, whoever writes (the request functions,
-- privacy.gdpr_forget completing the request it carried out, an administrator):
--   open -> verified | rejected;  verified -> in_progress | completed | rejected;
--   in_progress -> completed | rejected;  completed and rejected are final.
-- What was asked, by whom and when, and its statutory deadline never change; the one
-- exception is the subject key, which erasure may replace by its keyed hash. Every
-- status change and extension is written to privacy.request_events.
CREATE OR REPLACE FUNCTION privacy.requests_check_change()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF (NEW.id, NEW.subject_type, NEW.request_type, NEW.regulation, NEW.details, NEW.received_at, NEW.due_at, NEW.opened_by)
       IS DISTINCT FROM
       (OLD.id, OLD.subject_type, OLD.request_type, OLD.regulation, OLD.details, OLD.received_at, OLD.due_at, OLD.opened_by)
       OR (NEW.subject_key <> OLD.subject_key AND NOT (NEW.subject_key ~ '^erased:[0-9a-f]{64}$'
                                                        AND OLD.subject_key !~ '^erased:[0-9a-f]{64}$')) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = pg_catalog.format('privacy.requests: what request %s asked and when cannot be changed', OLD.id);
    END IF;
    IF OLD.status IN ('completed', 'rejected')
       -- (effective_due_at is generated: NULL in NEW until the row is stored)
       AND (pg_catalog.to_jsonb(NEW) - 'subject_key' - 'effective_due_at')
           IS DISTINCT FROM (pg_catalog.to_jsonb(OLD) - 'subject_key' - 'effective_due_at') THEN
        RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state',
            MESSAGE = pg_catalog.format('privacy.requests: request %s is %s; a closed request cannot change',
                                        OLD.id, OLD.status);
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status AND NOT (OLD.status, NEW.status) IN (
            ('open', 'verified'), ('open', 'rejected'),
            ('verified', 'in_progress'), ('verified', 'completed'), ('verified', 'rejected'),
            ('in_progress', 'completed'), ('in_progress', 'rejected')) THEN
        RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state',
            MESSAGE = pg_catalog.format('privacy.requests: request %s cannot go from %s to %s', OLD.id, OLD.status, NEW.status),
            HINT = 'A request is verified (privacy.verify_request) before it is carried out, completed or extended.';
    END IF;
    IF OLD.extended_due_at IS NOT NULL AND NEW.extended_due_at IS DISTINCT FROM OLD.extended_due_at THEN
        RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state',
            MESSAGE = pg_catalog.format('privacy.requests: request %s was already extended', OLD.id);
    END IF;

    IF NEW.status = 'completed' AND OLD.status <> 'completed' THEN
        NEW.completed_at := COALESCE(NEW.completed_at, pg_catalog.now());
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        INSERT INTO privacy.request_events (request_id, event, from_status, to_status, details, actor)
        VALUES (OLD.id, 'status', OLD.status, NEW.status,
                CASE WHEN NEW.closing_note IS DISTINCT FROM OLD.closing_note
                     THEN pg_catalog.jsonb_build_object('note', NEW.closing_note) END,
                governance.current_actor());
    END IF;
    IF NEW.extended_due_at IS DISTINCT FROM OLD.extended_due_at THEN
        INSERT INTO privacy.request_events (request_id, event, details, actor)
        VALUES (OLD.id, 'extended', pg_catalog.jsonb_build_object('due_at', NEW.extended_due_at, 'reason', NEW.extension_reason),
                governance.current_actor());
    END IF;
    RETURN NEW;
END
$$;

COMMENT ON FUNCTION privacy.requests_check_change() IS
    'Internal: trigger that keeps privacy.requests on the allowed status transitions and logs each step to privacy.request_events';
