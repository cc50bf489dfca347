-- Waivers and snapshots are evidence: nobody, the owner included, rewrites them.
DO $triggers$
DECLARE
    tbl text;
BEGIN
    FOREACH tbl IN ARRAY ARRAY['waivers', 'snapshots', 'snapshot_results'] LOOP
        EXECUTE pg_catalog.format('DROP TRIGGER IF EXISTS %I ON compliance.%I', tbl || '_append_only', tbl);
        EXECUTE pg_catalog.format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON compliance.%I
                                   FOR EACH ROW EXECUTE FUNCTION governance.refuse_change()', tbl || '_append_only', tbl);
        EXECUTE pg_catalog.format('DROP TRIGGER IF EXISTS %I ON compliance.%I', tbl || '_no_truncate', tbl);
        EXECUTE pg_catalog.format('CREATE TRIGGER %I BEFORE TRUNCATE ON compliance.%I
                                   FOR EACH STATEMENT EXECUTE FUNCTION governance.refuse_change()', tbl || '_no_truncate', tbl);
    END LOOP;
END
$triggers$;
