-- A column's own masking rule, overriding its category's default (privacy.mask_rule_problem
-- lists the rules). The masked views are regenerated at once.
CREATE OR REPLACE FUNCTION privacy.set_masking_rule(tbl regclass, col name, rule text, params jsonb DEFAULT '{}')
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    typ oid;
    problem text;
BEGIN
    PERFORM privacy.require_user_table('privacy.set_masking_rule', tbl);
    typ := (SELECT a.atttypid FROM pg_catalog.pg_attribute a
             WHERE a.attrelid = tbl AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped);
    IF typ IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'undefined_column',
            MESSAGE = pg_catalog.format('privacy.set_masking_rule: table %s has no column %I', tbl, col);
    END IF;
    problem := privacy.mask_rule_problem(rule, COALESCE(params, '{}'), typ);
    IF problem IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('privacy.set_masking_rule: %s.%I: %s', tbl, col, problem),
            HINT = 'See docs/masking.md for the rules and their parameters.';
    END IF;
    INSERT INTO privacy.masking_rules AS r (table_name, column_name, rule, params, set_by)
    VALUES (tbl, col, rule, COALESCE(params, '{}'), governance.current_actor())
    ON CONFLICT (table_name, column_name) DO UPDATE
       SET rule = EXCLUDED.rule, params = EXCLUDED.params, set_by = EXCLUDED.set_by, set_at = pg_catalog.now();
    PERFORM privacy.refresh_masked_views();
END
$$;

COMMENT ON FUNCTION privacy.set_masking_rule(regclass, name, text, jsonb) IS
    'Sets a column''s masking rule (partial_email, keep_last, hash, null, generalize, constant), overriding its category''s default';

GRANT EXECUTE ON FUNCTION privacy.set_masking_rule(regclass, name, text, jsonb) TO governance_admin, governance_dpo;

CREATE OR REPLACE FUNCTION privacy.drop_masking_rule(tbl regclass, col name)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
BEGIN
    DELETE FROM privacy.masking_rules r WHERE r.table_name = tbl AND r.column_name = col;
    PERFORM privacy.refresh_masked_views();
END
$$;

COMMENT ON FUNCTION privacy.drop_masking_rule(regclass, name) IS
    'Removes a column''s own masking rule: its category''s default applies again';

GRANT EXECUTE ON FUNCTION privacy.drop_masking_rule(regclass, name) TO governance_admin, governance_dpo;
