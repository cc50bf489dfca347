CREATE OR REPLACE FUNCTION privacy.has_opted_out(subject_key text, kind text DEFAULT 'sale')
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$ SELECT EXISTS (SELECT 1 FROM privacy.opt_outs o WHERE o.subject_key = governance.subject_key($1) AND o.kind = $2) $$;

COMMENT ON FUNCTION privacy.has_opted_out(text, text) IS
    'True when the subject has opted out of sale (kind ''sale'', by any channel) or limited the use of sensitive data (''limit_use'')';

GRANT EXECUTE ON FUNCTION privacy.has_opted_out(text, text)
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
