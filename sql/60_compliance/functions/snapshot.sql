-- Stores a run of every check for trends. SECURITY DEFINER: snapshots run the checks with
-- the installing role's privileges, so a trend compares like with like whoever took them.
CREATE OR REPLACE FUNCTION compliance.snapshot()
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    new_id bigint;
BEGIN
    INSERT INTO compliance.snapshots (taken_by) VALUES (governance.current_actor()) RETURNING id INTO new_id;
    INSERT INTO compliance.snapshot_results (snapshot_id, check_id, framework, control, status, severity, evidence, waiver)
    SELECT new_id, r.check_id, r.framework, r.control, r.status, r.severity, r.evidence, r.waiver
      FROM compliance.run_checks() r;
    RETURN new_id;
END
$$;

COMMENT ON FUNCTION compliance.snapshot() IS
    'Runs every check and stores the results (compliance.snapshots, compliance.snapshot_results); returns the snapshot id';

GRANT EXECUTE ON FUNCTION compliance.snapshot() TO governance_admin, governance_auditor;
