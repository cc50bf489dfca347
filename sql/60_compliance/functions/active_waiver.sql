-- The waiver that applies to a check now (the one that lasts longest), as run_check
-- reports it; NULL when none. A waiver accepts a failing check's risk (it is then a
-- warning) or that a check cannot run for the roles that run it (it stays skipped, and
-- `check --fail-on` does not fail on it): a managed service that never grants
-- pg_hba_file_rules is said once, with a reason and an approver, not at every run.
CREATE OR REPLACE FUNCTION compliance.active_waiver(check_id text)
RETURNS jsonb
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.jsonb_build_object('id', w.id, 'reason', w.reason, 'approved_by', w.approved_by,
                                         'expires_at', w.expires_at)
      FROM compliance.waivers w
     WHERE w.check_id = active_waiver.check_id AND w.expires_at > pg_catalog.now()
     ORDER BY w.expires_at DESC
     LIMIT 1
$$;

COMMENT ON FUNCTION compliance.active_waiver(text) IS
    'The unexpired waiver of a check that lasts longest, as jsonb (id, reason, approved_by, expires_at); NULL when none';

GRANT EXECUTE ON FUNCTION compliance.active_waiver(text) TO governance_admin, governance_dpo, governance_auditor;
