-- Cheap per call: PL/pgSQL keeps the plan of its one query for the session, and the query
-- (privacy.stored_consent, inlined) is one descent of consent_records_latest_idx plus a
-- primary-key probe. Security invoker without a SET clause, since a definer function
-- pays for switching user and search_path on every call: the governance roles it is
-- granted to may read the decision columns it needs (see latest_consent.sql). A 1M-row
-- scan filtered by it still pays one function call per row; consent guards avoid even
-- that by inlining latest_consent into their policy (bench/consent.py). An unknown
-- purpose or subject is simply no consent.
CREATE OR REPLACE FUNCTION privacy.has_consent(subject_key text, purpose text)
RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
DECLARE
    -- Normalised here, as a simple expression, so that the query's plan stays generic
    -- (see stored_consent.sql).
    stored_key text := governance.subject_key(subject_key);
BEGIN
    RETURN COALESCE((SELECT l.granted FROM privacy.stored_consent(stored_key, purpose) l), false);
END
$$;

COMMENT ON FUNCTION privacy.has_consent(text, text) IS
    'True when the subject''s latest decision for the purpose grants consent under a policy version that still counts';

GRANT EXECUTE ON FUNCTION privacy.has_consent(text, text)
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
