-- Opens a security incident at its discovery, with the notification deadlines that run
-- from it: 72 hours to the supervisory authority (GDPR Art. 33) and 60 days to the
-- affected individuals (HIPAA 164.404(b)).
CREATE OR REPLACE FUNCTION privacy.report_incident(incident_type text, severity text, description text)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    caller constant text := 'privacy.report_incident';
    new_id bigint;
BEGIN
    PERFORM privacy.require_nonempty(caller, 'incident_type', incident_type);
    PERFORM privacy.require_nonempty(caller, 'description', description);
    IF severity IS NULL OR severity NOT IN ('low', 'medium', 'high', 'critical') THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: unknown severity %L', caller, severity),
            HINT = 'Use low, medium, high or critical.';
    END IF;
    INSERT INTO privacy.incidents (incident_type, severity, description, reported_by, authority_due_at, individuals_due_at)
    VALUES (incident_type, severity, description, governance.current_actor(),
            pg_catalog.now() + interval '72 hours', pg_catalog.now() + interval '60 days')
    RETURNING id INTO new_id;
    RETURN new_id;
END
$$;

COMMENT ON FUNCTION privacy.report_incident(text, text, text) IS
    'Records a security incident with its notification deadlines (authority: 72 hours, individuals: 60 days); returns its id';

GRANT EXECUTE ON FUNCTION privacy.report_incident(text, text, text)
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
