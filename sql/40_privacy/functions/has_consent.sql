-- Called per row by consent guards, so it is one index descent (consent_records_latest_idx)
-- plus one primary-key probe. An unknown purpose or subject is simply no consent.
CREATE OR REPLACE FUNCTION privacy.has_consent(subject_key text, purpose text)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT COALESCE((
        SELECT c.granted AND v.superseded_at IS NULL
          FROM privacy.consent_records c
          JOIN privacy.purpose_versions v ON v.purpose = c.purpose AND v.policy_version = c.policy_version
         WHERE c.subject_key = $1 AND c.purpose = $2
         ORDER BY c.id DESC
         LIMIT 1), false)
$$;

COMMENT ON FUNCTION privacy.has_consent(text, text) IS
    'True when the subject''s latest decision for the purpose grants consent under a policy version that still counts';

GRANT EXECUTE ON FUNCTION privacy.has_consent(text, text)
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
