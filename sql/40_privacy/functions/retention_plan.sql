-- The dry run of retention (`pg-governance maintain --dry-run`): per rule (or for tbl),
-- how many rows are due now, how many expired rows a child holds (a legal hold, a kept
-- child that cannot be detached), the table's own legal hold, and what happens to the
-- children. Changes nothing.
CREATE OR REPLACE FUNCTION privacy.retention_plan(tbl regclass DEFAULT NULL)
RETURNS TABLE (table_name text, action text, keep_for interval, cutoff timestamptz, due bigint, held bigint,
               legal_hold text, children jsonb)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    rule privacy.retention_rules;
    expired bigint;
    progress text;
BEGIN
    FOR rule IN SELECT * FROM privacy.retention_rules r WHERE tbl IS NULL OR r.table_name = tbl ORDER BY r.table_name::text LOOP
        CONTINUE WHEN NOT EXISTS (SELECT 1 FROM pg_catalog.pg_class c WHERE c.oid = rule.table_name);
        PERFORM governance.require_trusted_relations('privacy.retention_plan', rule.table_name);
        PERFORM governance.require_owner_privileges('privacy.retention_plan', ARRAY[rule.table_name], ARRAY['SELECT']);
        table_name := rule.table_name::text;
        action := rule.action;
        keep_for := rule.keep_for;
        cutoff := pg_catalog.now() - rule.keep_for;
        progress := (SELECT p.done_through FROM privacy.retention_progress p WHERE p.table_name = rule.table_name);
        legal_hold := CASE WHEN privacy.retention_action(rule.table_name) = 'retain'
                           THEN (SELECT pg_catalog.string_agg(COALESCE(r.reason, 'retain rule'), '; ')
                                   FROM privacy.erasure_rules r WHERE r.table_name = rule.table_name AND r.action = 'retain') END;
        EXECUTE pg_catalog.format('SELECT pg_catalog.count(*) FROM %s AS governance_root %s', rule.table_name,
                                  privacy.retention_due(rule.table_name))
           INTO due USING cutoff, progress;
        EXECUTE pg_catalog.format('SELECT pg_catalog.count(*) FROM %s WHERE %I < $1::%s AND ($2::text IS NULL OR %2$I > $2::%3$s)',
                                  rule.table_name, rule.time_column,
                                  (SELECT pg_catalog.format_type(a.atttypid, NULL) FROM pg_catalog.pg_attribute a
                                    WHERE a.attrelid = rule.table_name AND a.attname = rule.time_column))
           INTO expired USING cutoff, progress;
        held := expired - due;
        IF legal_hold IS NOT NULL THEN
            held := expired;
            due := 0;
        END IF;
        children := (SELECT COALESCE(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('table', n.table_name::text,
                                        'action', n.action, 'via', n.via, 'depth', n.depth) ORDER BY n.depth, n.table_name::text), '[]')
                       FROM privacy.retention_nodes(rule.table_name) n WHERE n.depth > 0 AND rule.action = 'delete');
        RETURN NEXT;
    END LOOP;
END
$$;

COMMENT ON FUNCTION privacy.retention_plan(regclass) IS
    'Dry run of retention: per rule, the rows due now, the expired rows held by a child or a legal hold, and what happens to the children';

GRANT EXECUTE ON FUNCTION privacy.retention_plan(regclass) TO governance_admin, governance_dpo;
