-- A Global Privacy Control signal (Sec-GPC: 1) is a valid opt-out request under the CCPA
-- regulations (11 CCR 7025): it is recorded as one, with the request's evidence.
CREATE OR REPLACE FUNCTION privacy.record_gpc_signal(subject_key text, evidence jsonb DEFAULT NULL)
RETURNS bigint
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$ SELECT privacy.record_opt_out('privacy.record_gpc_signal', $1, 'sale', 'gpc', NULL, $2) $$;

COMMENT ON FUNCTION privacy.record_gpc_signal(text, jsonb) IS
    'Records a Global Privacy Control signal as the subject''s opt-out of sale and sharing; returns its id';

GRANT EXECUTE ON FUNCTION privacy.record_gpc_signal(text, jsonb) TO governance_admin, governance_dpo, governance_app;
