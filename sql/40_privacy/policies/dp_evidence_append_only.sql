DROP TRIGGER IF EXISTS dp_append_only ON privacy.dp_releases;
CREATE TRIGGER dp_append_only BEFORE UPDATE OR DELETE ON privacy.dp_releases
    FOR EACH ROW EXECUTE FUNCTION privacy.dp_append_only();
DROP TRIGGER IF EXISTS dp_append_only_truncate ON privacy.dp_releases;
CREATE TRIGGER dp_append_only_truncate BEFORE TRUNCATE ON privacy.dp_releases
    FOR EACH STATEMENT EXECUTE FUNCTION privacy.dp_append_only();

DROP TRIGGER IF EXISTS dp_append_only ON privacy.dp_budget_events;
CREATE TRIGGER dp_append_only BEFORE UPDATE OR DELETE ON privacy.dp_budget_events
    FOR EACH ROW EXECUTE FUNCTION privacy.dp_append_only();
DROP TRIGGER IF EXISTS dp_append_only_truncate ON privacy.dp_budget_events;
CREATE TRIGGER dp_append_only_truncate BEFORE TRUNCATE ON privacy.dp_budget_events
    FOR EACH STATEMENT EXECUTE FUNCTION privacy.dp_append_only();
