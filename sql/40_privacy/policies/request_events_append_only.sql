DROP TRIGGER IF EXISTS request_events_append_only ON privacy.request_events;
CREATE TRIGGER request_events_append_only
    BEFORE UPDATE OR DELETE ON privacy.request_events
    FOR EACH ROW EXECUTE FUNCTION privacy.refuse_history_change();

DROP TRIGGER IF EXISTS request_events_no_truncate ON privacy.request_events;
CREATE TRIGGER request_events_no_truncate
    BEFORE TRUNCATE ON privacy.request_events
    FOR EACH STATEMENT EXECUTE FUNCTION privacy.refuse_history_change();
