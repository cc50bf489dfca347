-- For the compliance check `gdpr.retention_overdue`: each retention rule and whether rows
-- are overdue (due for more than a day: maintain has not run, keeps failing, or a lock
-- keeps it from them). Rows a legal hold or a kept child holds are not overdue. A table
-- the pack's owner may not read or does not trust is reported with the reason instead.
CREATE OR REPLACE FUNCTION privacy.retention_status()
RETURNS TABLE (table_name text, action text, keep_for interval, overdue boolean, problem text)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    rule privacy.retention_rules;
BEGIN
    FOR rule IN SELECT * FROM privacy.retention_rules r ORDER BY r.table_name::text LOOP
        CONTINUE WHEN NOT EXISTS (SELECT 1 FROM pg_catalog.pg_class c WHERE c.oid = rule.table_name);
        table_name := rule.table_name::text; action := rule.action; keep_for := rule.keep_for;
        overdue := NULL; problem := NULL;
        BEGIN
            PERFORM governance.require_trusted_relations('privacy.retention_status', rule.table_name);
            PERFORM governance.require_owner_privileges('privacy.retention_status', ARRAY[rule.table_name], ARRAY['SELECT']);
            IF privacy.retention_action(rule.table_name) = 'retain' THEN
                overdue := false;
            ELSE
                EXECUTE pg_catalog.format('SELECT EXISTS (SELECT 1 FROM %s AS governance_root %s)', rule.table_name,
                                          privacy.retention_due(rule.table_name))
                   INTO overdue USING pg_catalog.now() - rule.keep_for - interval '1 day',
                                      (SELECT p.done_through FROM privacy.retention_progress p WHERE p.table_name = rule.table_name);
            END IF;
        EXCEPTION WHEN insufficient_privilege THEN
            problem := SQLERRM;
        END;
        RETURN NEXT;
    END LOOP;
END
$$;

COMMENT ON FUNCTION privacy.retention_status() IS
    'Each retention rule and whether rows are overdue (due for more than a day and not held)';

GRANT EXECUTE ON FUNCTION privacy.retention_status() TO governance_admin, governance_dpo, governance_auditor;
