CREATE OR REPLACE FUNCTION privacy.set_erasure_rule(tbl regclass, action text, reason text DEFAULT NULL,
                                                    subject_type text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
-- ON CONFLICT names the subject_type column, which the argument of that name shadows.
#variable_conflict use_column
BEGIN
    PERFORM privacy.require_user_table('privacy.set_erasure_rule', tbl);
    IF action IS NULL OR action NOT IN ('delete', 'anonymize', 'retain') THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('privacy.set_erasure_rule: unknown action %L', action),
            HINT = 'Use delete, anonymize or retain.';
    END IF;
    IF action = 'retain' AND NULLIF(pg_catalog.btrim(reason), '') IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'privacy.set_erasure_rule: a retain rule needs a reason (the legal hold)';
    END IF;
    IF subject_type IS NOT NULL THEN
        PERFORM privacy.require_subject_type('privacy.set_erasure_rule', subject_type);
    END IF;

    INSERT INTO privacy.erasure_rules AS r (table_name, action, reason, set_by, subject_type)
    VALUES (tbl, action, reason, governance.current_actor(), set_erasure_rule.subject_type)
    ON CONFLICT (table_name, (COALESCE(subject_type, ''))) DO UPDATE
       SET action = EXCLUDED.action, reason = EXCLUDED.reason,
           set_by = EXCLUDED.set_by, set_at = pg_catalog.now();
END
$$;

COMMENT ON FUNCTION privacy.set_erasure_rule(regclass, text, text, text) IS
    'What gdpr_forget does with a table''s rows of a subject: delete (default), anonymize (mask classified columns) or retain (legal hold); for one subject type (overriding the table''s rule, and claiming rows shared with another type) or, without subject_type, for all';

GRANT EXECUTE ON FUNCTION privacy.set_erasure_rule(regclass, text, text, text) TO governance_admin, governance_dpo;
