-- Waivers and snapshots are evidence: nobody, the owner included, rewrites them.
DROP TRIGGER IF EXISTS waivers_append_only ON compliance.waivers;
CREATE TRIGGER waivers_append_only BEFORE UPDATE OR DELETE ON compliance.waivers
    FOR EACH ROW EXECUTE FUNCTION compliance.refuse_change();
DROP TRIGGER IF EXISTS waivers_no_truncate ON compliance.waivers;
CREATE TRIGGER waivers_no_truncate BEFORE TRUNCATE ON compliance.waivers
    FOR EACH STATEMENT EXECUTE FUNCTION compliance.refuse_change();

DROP TRIGGER IF EXISTS snapshots_append_only ON compliance.snapshots;
CREATE TRIGGER snapshots_append_only BEFORE UPDATE OR DELETE ON compliance.snapshots
    FOR EACH ROW EXECUTE FUNCTION compliance.refuse_change();
DROP TRIGGER IF EXISTS snapshots_no_truncate ON compliance.snapshots;
CREATE TRIGGER snapshots_no_truncate BEFORE TRUNCATE ON compliance.snapshots
    FOR EACH STATEMENT EXECUTE FUNCTION compliance.refuse_change();

DROP TRIGGER IF EXISTS snapshot_results_append_only ON compliance.snapshot_results;
CREATE TRIGGER snapshot_results_append_only BEFORE UPDATE OR DELETE ON compliance.snapshot_results
    FOR EACH ROW EXECUTE FUNCTION compliance.refuse_change();
DROP TRIGGER IF EXISTS snapshot_results_no_truncate ON compliance.snapshot_results;
CREATE TRIGGER snapshot_results_no_truncate BEFORE TRUNCATE ON compliance.snapshot_results
    FOR EACH STATEMENT EXECUTE FUNCTION compliance.refuse_change();
