CREATE OR REPLACE FUNCTION privacy.set_erasure_rule(tbl regclass, action text, reason text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
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

    INSERT INTO privacy.erasure_rules AS r (table_name, action, reason, set_by)
    VALUES (tbl, action, reason, governance.current_actor())
    ON CONFLICT ON CONSTRAINT erasure_rules_pkey DO UPDATE
       SET action = EXCLUDED.action, reason = EXCLUDED.reason,
           set_by = EXCLUDED.set_by, set_at = pg_catalog.now();
END
$$;

COMMENT ON FUNCTION privacy.set_erasure_rule(regclass, text, text) IS
    'What gdpr_forget does with a table''s rows of a subject: delete (default), anonymize (mask classified columns) or retain (legal hold)';

GRANT EXECUTE ON FUNCTION privacy.set_erasure_rule(regclass, text, text) TO governance_admin, governance_dpo;
