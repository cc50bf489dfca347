-- Records a step of an incident's handling: contain, notify_authority, notify_individuals,
-- close. Each step is recorded once, with its time; the trigger keeps the order.
CREATE OR REPLACE FUNCTION privacy.update_incident(incident_id bigint, action text, note text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    caller constant text := 'privacy.update_incident';
    incident privacy.incidents;
BEGIN
    IF action IS NULL OR action NOT IN ('contain', 'notify_authority', 'notify_individuals', 'close') THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: unknown action %L', caller, action),
            HINT = 'Use contain, notify_authority, notify_individuals or close.';
    END IF;
    SELECT * INTO incident FROM privacy.incidents i WHERE i.id = incident_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found',
            MESSAGE = pg_catalog.format('%s: incident %s does not exist', caller, COALESCE(incident_id::text, 'NULL'));
    END IF;
    IF incident.status = 'closed' OR (action = 'contain' AND incident.contained_at IS NOT NULL)
       OR (action = 'notify_authority' AND incident.authority_notified_at IS NOT NULL)
       OR (action = 'notify_individuals' AND incident.individuals_notified_at IS NOT NULL) THEN
        RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state',
            MESSAGE = pg_catalog.format('%s: incident %s is %s; %s is already done or no longer possible',
                                        caller, incident_id, incident.status, action);
    END IF;
    UPDATE privacy.incidents i
       SET status = CASE action WHEN 'contain' THEN 'contained' WHEN 'close' THEN 'closed' ELSE i.status END,
           contained_at = CASE WHEN action = 'contain' THEN pg_catalog.now() ELSE i.contained_at END,
           authority_notified_at = CASE WHEN action = 'notify_authority' THEN pg_catalog.now() ELSE i.authority_notified_at END,
           individuals_notified_at = CASE WHEN action = 'notify_individuals' THEN pg_catalog.now() ELSE i.individuals_notified_at END,
           closed_at = CASE WHEN action = 'close' THEN pg_catalog.now() ELSE i.closed_at END,
           closing_note = CASE WHEN action = 'close' THEN note ELSE i.closing_note END
     WHERE i.id = incident_id;
END
$$;

COMMENT ON FUNCTION privacy.update_incident(bigint, text, text) IS
    'Records a step of an incident: contain, notify_authority, notify_individuals or close (with a note)';

GRANT EXECUTE ON FUNCTION privacy.update_incident(bigint, text, text) TO governance_admin, governance_dpo;
