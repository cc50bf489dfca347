-- For PHI reached outside privacy.read_phi (a report, a fax, a disclosure to an insurer):
-- the application logs it itself, under its declared purpose or a break-glass reason.
CREATE OR REPLACE FUNCTION privacy.log_phi_access(
    patient text, access_type text DEFAULT 'read', tbl regclass DEFAULT NULL,
    break_glass_reason text DEFAULT NULL, recipient text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    caller constant text := 'privacy.log_phi_access';
    reason text := privacy.phi_access_reason(caller, break_glass_reason);
    new_id bigint;
BEGIN
    -- One form per patient (governance.subject_key), as accounting_of_disclosures reads it.
    patient := governance.subject_key(patient);
    PERFORM privacy.require_nonempty(caller, 'patient', patient);
    IF access_type IS NULL OR access_type NOT IN ('read', 'write', 'disclosure', 'export', 'print') THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: unknown access type %L', caller, access_type),
            HINT = 'Use read, write, disclosure, export or print.';
    END IF;
    IF access_type = 'disclosure' THEN
        PERFORM privacy.require_nonempty(caller, 'recipient (of a disclosure)', recipient);
    END IF;
    INSERT INTO privacy.phi_access_log (actor, patient, table_name, access_type, reason, break_glass, recipient)
    VALUES (governance.current_actor(), patient, tbl::text, access_type, reason,
            NULLIF(pg_catalog.btrim(break_glass_reason), '') IS NOT NULL, recipient)
    RETURNING id INTO new_id;
    RETURN new_id;
END
$$;

COMMENT ON FUNCTION privacy.log_phi_access(text, text, regclass, text, text) IS
    'Logs an access to a patient''s PHI (read, write, disclosure, export, print) under the declared purpose or a break-glass reason; returns its id';

GRANT EXECUTE ON FUNCTION privacy.log_phi_access(text, text, regclass, text, text)
    TO governance_admin, governance_dpo, governance_app;
