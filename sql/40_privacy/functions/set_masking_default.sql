-- A category's default masking rule (one row per category in privacy.masking_defaults).
-- The masked views are regenerated at once.
CREATE OR REPLACE FUNCTION privacy.set_masking_default(category text, rule text, params jsonb DEFAULT '{}')
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
#variable_conflict use_column
DECLARE
    problem text := privacy.mask_rule_problem(rule, COALESCE(params, '{}'));
BEGIN
    IF set_masking_default.category IS NULL
       OR NOT EXISTS (SELECT 1 FROM governance.data_categories c WHERE c.name = set_masking_default.category) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('privacy.set_masking_default: unknown category %L', set_masking_default.category),
            HINT = 'Categories are listed in governance.data_categories.';
    END IF;
    IF problem IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('privacy.set_masking_default: %s', problem),
            HINT = 'See docs/masking.md for the rules and their parameters.';
    END IF;
    INSERT INTO privacy.masking_defaults AS d (category, rule, params, set_by)
    VALUES (set_masking_default.category, set_masking_default.rule, COALESCE(set_masking_default.params, '{}'),
            governance.current_actor())
    ON CONFLICT (category) DO UPDATE
       SET rule = EXCLUDED.rule, params = EXCLUDED.params, set_by = EXCLUDED.set_by, set_at = pg_catalog.now();
    PERFORM privacy.refresh_masked_views();
END
$$;

COMMENT ON FUNCTION privacy.set_masking_default(text, text, jsonb) IS
    'Sets the masking rule of a category''s columns that have no rule of their own; a column whose type the rule does not fit is masked to NULL';

GRANT EXECUTE ON FUNCTION privacy.set_masking_default(text, text, jsonb) TO governance_admin, governance_dpo;
