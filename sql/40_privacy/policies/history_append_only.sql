-- The workflow history tables are append-only (governance.refuse_change). An UPDATE is
-- let through when it is erasure's pseudonymization of the subject column named here
-- (privacy.is_erasure_pseudonymization, in the trigger's WHEN clause: DELETE triggers
-- cannot see NEW, so UPDATE and DELETE have a trigger each); request_events and
-- break_glass_reviews name no subject and allow no change at all.
DO $triggers$
DECLARE
    history record;
    hint constant text := 'These rows are evidence; record a new decision or event instead.';
BEGIN
    FOR history IN SELECT * FROM (VALUES ('consent_records', 'subject_key'), ('opt_outs', 'subject_key'),
                                         ('data_sharing', 'subject_key'), ('phi_access_log', 'patient'),
                                         ('request_events', NULL), ('break_glass_reviews', NULL)) AS t (table_name, subject_column) LOOP
        EXECUTE pg_catalog.format('DROP TRIGGER IF EXISTS %I ON privacy.%I', history.table_name || '_append_only', history.table_name);
        EXECUTE pg_catalog.format(
            'CREATE TRIGGER %I BEFORE UPDATE ON privacy.%I FOR EACH ROW %s EXECUTE FUNCTION governance.refuse_change(''append-only'', %L)',
            history.table_name || '_append_only', history.table_name,
            CASE WHEN history.subject_column IS NOT NULL
                 THEN pg_catalog.format('WHEN (NOT privacy.is_erasure_pseudonymization(pg_catalog.to_jsonb(OLD), pg_catalog.to_jsonb(NEW), %L))',
                                        history.subject_column) ELSE '' END,
            hint);
        EXECUTE pg_catalog.format('DROP TRIGGER IF EXISTS %I ON privacy.%I', history.table_name || '_no_delete', history.table_name);
        EXECUTE pg_catalog.format(
            'CREATE TRIGGER %I BEFORE DELETE ON privacy.%I FOR EACH ROW EXECUTE FUNCTION governance.refuse_change(''append-only'', %L)',
            history.table_name || '_no_delete', history.table_name, hint);
        EXECUTE pg_catalog.format('DROP TRIGGER IF EXISTS %I ON privacy.%I', history.table_name || '_no_truncate', history.table_name);
        EXECUTE pg_catalog.format(
            'CREATE TRIGGER %I BEFORE TRUNCATE ON privacy.%I FOR EACH STATEMENT EXECUTE FUNCTION governance.refuse_change(''append-only'', %L)',
            history.table_name || '_no_truncate', history.table_name, hint);
    END LOOP;
END
$triggers$;
