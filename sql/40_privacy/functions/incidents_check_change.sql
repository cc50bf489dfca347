-- Incidents move open -> contained -> closed (or open -> closed); each step's time is
-- written once; what was reported, when, and its deadlines never change; a closed
-- incident is final.
CREATE OR REPLACE FUNCTION privacy.incidents_check_change()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF OLD.status = 'closed' THEN
        RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state',
            MESSAGE = pg_catalog.format('privacy.incidents: incident %s is closed', OLD.id);
    END IF;
    IF (NEW.id, NEW.incident_type, NEW.severity, NEW.description, NEW.detected_at, NEW.reported_by,
        NEW.authority_due_at, NEW.individuals_due_at)
       IS DISTINCT FROM
       (OLD.id, OLD.incident_type, OLD.severity, OLD.description, OLD.detected_at, OLD.reported_by,
        OLD.authority_due_at, OLD.individuals_due_at) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = pg_catalog.format('privacy.incidents: what was reported about incident %s cannot be changed', OLD.id);
    END IF;
    IF (OLD.contained_at IS NOT NULL AND NEW.contained_at IS DISTINCT FROM OLD.contained_at)
       OR (OLD.authority_notified_at IS NOT NULL AND NEW.authority_notified_at IS DISTINCT FROM OLD.authority_notified_at)
       OR (OLD.individuals_notified_at IS NOT NULL AND NEW.individuals_notified_at IS DISTINCT FROM OLD.individuals_notified_at) THEN
        RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state',
            MESSAGE = pg_catalog.format('privacy.incidents: incident %s: that step was already recorded', OLD.id);
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status AND NOT (OLD.status, NEW.status) IN (
            ('open', 'contained'), ('open', 'closed'), ('contained', 'closed')) THEN
        RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state',
            MESSAGE = pg_catalog.format('privacy.incidents: incident %s cannot go from %s to %s', OLD.id, OLD.status, NEW.status);
    END IF;
    RETURN NEW;
END
$$;

COMMENT ON FUNCTION privacy.incidents_check_change() IS
    'Internal: trigger that keeps privacy.incidents on open -> contained -> closed, each step recorded once, the report itself immutable';
