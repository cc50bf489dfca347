-- Cheap per row: PL/pgSQL keeps the plan of its one query for the session, and the query
-- is one descent of consent_records_latest_idx plus a primary-key probe (about three
-- times faster per call than the same body as a SQL function, which re-starts its
-- executor on every call; bench/consent.py). Consent guards do not call it: they inline
-- privacy.latest_consent. An unknown purpose or subject is simply no consent.
CREATE OR REPLACE FUNCTION privacy.has_consent(subject_key text, purpose text)
RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN COALESCE((SELECT l.granted FROM privacy.latest_consent(subject_key, purpose) l), false);
END
$$;

COMMENT ON FUNCTION privacy.has_consent(text, text) IS
    'True when the subject''s latest decision for the purpose grants consent under a policy version that still counts';

GRANT EXECUTE ON FUNCTION privacy.has_consent(text, text)
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
