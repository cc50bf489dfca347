-- The release log and the budget events are evidence: append-only for everyone.
DO $triggers$
DECLARE
    evidence regclass;
BEGIN
    FOREACH evidence IN ARRAY ARRAY['privacy.dp_releases', 'privacy.dp_budget_events']::regclass[] LOOP
        EXECUTE pg_catalog.format('DROP TRIGGER IF EXISTS dp_append_only ON %s', evidence);
        EXECUTE pg_catalog.format('CREATE TRIGGER dp_append_only BEFORE UPDATE OR DELETE ON %s '
                                  'FOR EACH ROW EXECUTE FUNCTION governance.refuse_change()', evidence);
        EXECUTE pg_catalog.format('DROP TRIGGER IF EXISTS dp_append_only_truncate ON %s', evidence);
        EXECUTE pg_catalog.format('CREATE TRIGGER dp_append_only_truncate BEFORE TRUNCATE ON %s '
                                  'FOR EACH STATEMENT EXECUTE FUNCTION governance.refuse_change()', evidence);
    END LOOP;
END
$triggers$;
