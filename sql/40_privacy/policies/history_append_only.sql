-- The workflow history tables are append-only (privacy.refuse_history_change). The
-- trigger's argument names the column that erasure may pseudonymize; request_events and
-- break_glass_reviews name no subject and allow no change at all.
DO $triggers$
DECLARE
    history record;
BEGIN
    FOR history IN SELECT * FROM (VALUES ('consent_records', 'subject_key'), ('opt_outs', 'subject_key'),
                                         ('data_sharing', 'subject_key'), ('phi_access_log', 'patient'),
                                         ('request_events', NULL), ('break_glass_reviews', NULL)) AS t (table_name, subject_column) LOOP
        EXECUTE pg_catalog.format('DROP TRIGGER IF EXISTS %I ON privacy.%I', history.table_name || '_append_only', history.table_name);
        EXECUTE pg_catalog.format(
            'CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON privacy.%I FOR EACH ROW EXECUTE FUNCTION privacy.refuse_history_change(%s)',
            history.table_name || '_append_only', history.table_name, COALESCE(pg_catalog.quote_literal(history.subject_column), ''));
        EXECUTE pg_catalog.format('DROP TRIGGER IF EXISTS %I ON privacy.%I', history.table_name || '_no_truncate', history.table_name);
        EXECUTE pg_catalog.format(
            'CREATE TRIGGER %I BEFORE TRUNCATE ON privacy.%I FOR EACH STATEMENT EXECUTE FUNCTION privacy.refuse_history_change()',
            history.table_name || '_no_truncate', history.table_name);
    END LOOP;
END
$triggers$;
