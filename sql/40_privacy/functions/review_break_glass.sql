-- Records the after-the-fact review of an emergency (break-glass) access to PHI (HIPAA
-- 164.312(a)(2)(ii)): whether it was justified and what the reviewer checked. One review
-- per access; an unjustified one is a matter for privacy.report_incident.
CREATE OR REPLACE FUNCTION privacy.review_break_glass(access_id bigint, outcome text, note text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    caller constant text := 'privacy.review_break_glass';
    was_break_glass boolean;
BEGIN
    IF outcome IS NULL OR outcome NOT IN ('justified', 'unjustified') THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: outcome must be justified or unjustified, not %L', caller, outcome);
    END IF;
    PERFORM privacy.require_nonempty(caller, 'note', note);
    -- Locked, so that two reviewers of one access get "already reviewed", not a unique violation.
    SELECT l.break_glass INTO was_break_glass FROM privacy.phi_access_log l WHERE l.id = access_id FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found',
            MESSAGE = pg_catalog.format('%s: no PHI access %s', caller, COALESCE(access_id::text, 'NULL')),
            HINT = 'privacy.break_glass_accesses lists the emergency accesses and their ids.';
    END IF;
    IF NOT was_break_glass THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: PHI access %s was not a break-glass access', caller, access_id);
    END IF;
    IF EXISTS (SELECT 1 FROM privacy.break_glass_reviews r WHERE r.access_id = review_break_glass.access_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state',
            MESSAGE = pg_catalog.format('%s: break-glass access %s was already reviewed', caller, access_id),
            HINT = 'Reviews are evidence and are not changed; privacy.break_glass_accesses shows it.';
    END IF;
    INSERT INTO privacy.break_glass_reviews (access_id, outcome, note, reviewed_by)
    VALUES (access_id, outcome, note, governance.current_actor());
END
$$;

COMMENT ON FUNCTION privacy.review_break_glass(bigint, text, text) IS
    'Records the review of a break-glass PHI access (justified or unjustified, with what was checked); once per access';

GRANT EXECUTE ON FUNCTION privacy.review_break_glass(bigint, text, text) TO governance_admin, governance_dpo;
