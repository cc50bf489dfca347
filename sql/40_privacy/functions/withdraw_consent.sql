-- GDPR Art. 7(3): withdrawing must be as easy as giving: one call, no evidence needed.
CREATE OR REPLACE FUNCTION privacy.withdraw_consent(subject_key text, purpose text)
RETURNS bigint
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$ SELECT privacy.record_consent($1, $2, false, NULL, '{"source": "withdrawal"}'::jsonb) $$;

COMMENT ON FUNCTION privacy.withdraw_consent(text, text) IS
    'Records the withdrawal of a subject''s consent for a purpose; returns the decision''s id';

GRANT EXECUTE ON FUNCTION privacy.withdraw_consent(text, text) TO governance_admin, governance_dpo, governance_app;
