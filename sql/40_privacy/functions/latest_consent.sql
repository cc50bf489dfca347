-- The subject's latest decision for a purpose, as one row (none: no decision), true when
-- it grants consent under a policy version that still counts. The one definition used by
-- has_consent and by the consent guards. A plain SQL set-returning function (no SECURITY
-- DEFINER, no SET clause) so that the planner inlines it into a guard's row-level
-- security policy: per row, one descent of consent_records_latest_idx and one probe of
-- purpose_versions, without a function call. Inlined code runs with the reader's rights,
-- so the governance roles may read the decision columns of consent_records (not the
-- evidence, nor who recorded it): nothing has_consent would not tell them anyway. The key
-- is compared in its one form (governance.subject_key), by privacy.stored_consent.
CREATE OR REPLACE FUNCTION privacy.latest_consent(subject_key text, purpose text)
RETURNS TABLE (granted boolean)
LANGUAGE sql STABLE PARALLEL SAFE ROWS 1
AS $$
    SELECT s.granted FROM privacy.stored_consent(governance.subject_key($1), $2) s
$$;

COMMENT ON FUNCTION privacy.latest_consent(text, text) IS
    'The latest consent decision of a subject for a purpose (granted under a policy version that still counts), as zero or one row';

GRANT SELECT (id, subject_key, purpose, granted, policy_version) ON privacy.consent_records
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
GRANT EXECUTE ON FUNCTION privacy.latest_consent(text, text)
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
