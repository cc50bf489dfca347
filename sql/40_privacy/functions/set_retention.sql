-- How long a table's rows are kept (GDPR Art. 5(1)(e), storage limitation): rows whose
-- time column is older than keep_for are deleted, or anonymized (their classified columns
-- but its keys and the time column masked as gdpr_forget masks them), by privacy.apply_retention, which
-- `pg-governance maintain` runs in batches. The reason is the purpose that justifies the
-- period. Setting a rule again replaces it (and an anonymizing rule starts over from the
-- oldest row).
CREATE OR REPLACE FUNCTION privacy.set_retention(tbl regclass, time_column name, keep_for interval, action text, reason text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
#variable_conflict use_column
DECLARE
    caller constant text := 'privacy.set_retention';
    typ regtype;
BEGIN
    PERFORM privacy.require_user_table(caller, tbl);
    PERFORM governance.require_local_table(caller, tbl, 'erasure');
    typ := (SELECT a.atttypid::regtype FROM pg_catalog.pg_attribute a
             WHERE a.attrelid = tbl AND a.attname = set_retention.time_column AND a.attnum > 0 AND NOT a.attisdropped);
    IF typ IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'undefined_column',
            MESSAGE = pg_catalog.format('%s: table %s has no column %s', caller, tbl,
                                        COALESCE(pg_catalog.quote_ident(set_retention.time_column), 'NULL'));
    END IF;
    IF typ NOT IN ('date'::regtype, 'timestamp'::regtype, 'timestamptz'::regtype) THEN
        RAISE EXCEPTION USING ERRCODE = 'datatype_mismatch',
            MESSAGE = pg_catalog.format('%s: %s.%I is %s, not a date or timestamp', caller, tbl, set_retention.time_column, typ),
            HINT = 'Name the column that says when the row''s purpose began or ended (created_at, closed_at, ...).';
    END IF;
    IF keep_for IS NULL OR keep_for <= interval '0' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: the period to keep rows must be positive', caller);
    END IF;
    IF set_retention.action IS NULL OR set_retention.action NOT IN ('delete', 'anonymize') THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: unknown action %L', caller, set_retention.action),
            HINT = 'Use delete or anonymize.';
    END IF;
    IF NULLIF(pg_catalog.btrim(set_retention.reason), '') IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: a reason is required', caller),
            HINT = 'Say why rows are kept that long (the purpose, the law that sets the period).';
    END IF;
    IF set_retention.action = 'anonymize' AND privacy.mask_assignments(tbl, '{}', privacy.retention_kept_columns(tbl, set_retention.time_column)) IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: %s has no classified column to anonymize', caller, tbl),
            HINT = 'Classify its personal columns first (governance.classify), or delete the rows instead.';
    END IF;
    INSERT INTO privacy.retention_rules AS r (table_name, time_column, keep_for, action, reason, set_by)
    VALUES (tbl, set_retention.time_column, set_retention.keep_for, set_retention.action, set_retention.reason,
            governance.current_actor())
    ON CONFLICT (table_name) DO UPDATE
       SET time_column = EXCLUDED.time_column, keep_for = EXCLUDED.keep_for, action = EXCLUDED.action,
           reason = EXCLUDED.reason, set_by = EXCLUDED.set_by, set_at = pg_catalog.now();
    DELETE FROM privacy.retention_progress p WHERE p.table_name = tbl;
END
$$;

COMMENT ON FUNCTION privacy.set_retention(regclass, name, interval, text, text) IS
    'Keeps a table''s rows for keep_for after their time column, then deletes or anonymizes them (privacy.apply_retention, pg-governance maintain)';

GRANT EXECUTE ON FUNCTION privacy.set_retention(regclass, name, interval, text, text) TO governance_admin, governance_dpo;

CREATE OR REPLACE FUNCTION privacy.drop_retention(tbl regclass)
RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$ DELETE FROM privacy.retention_rules r WHERE r.table_name = tbl $$;

COMMENT ON FUNCTION privacy.drop_retention(regclass) IS 'Removes a table''s retention rule';

GRANT EXECUTE ON FUNCTION privacy.drop_retention(regclass) TO governance_admin, governance_dpo;
