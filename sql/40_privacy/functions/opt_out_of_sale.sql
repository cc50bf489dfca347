CREATE OR REPLACE FUNCTION privacy.opt_out_of_sale(subject_key text)
RETURNS bigint
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$ SELECT privacy.record_opt_out('privacy.opt_out_of_sale', $1, 'sale', 'direct') $$;

COMMENT ON FUNCTION privacy.opt_out_of_sale(text) IS
    'Records a subject''s opt-out of the sale and sharing of their personal information (CCPA 1798.120); returns its id';

GRANT EXECUTE ON FUNCTION privacy.opt_out_of_sale(text) TO governance_admin, governance_dpo, governance_app;
