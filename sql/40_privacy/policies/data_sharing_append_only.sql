DROP TRIGGER IF EXISTS data_sharing_append_only ON privacy.data_sharing;
CREATE TRIGGER data_sharing_append_only
    BEFORE UPDATE OR DELETE ON privacy.data_sharing
    FOR EACH ROW EXECUTE FUNCTION privacy.refuse_history_change('subject_key');

DROP TRIGGER IF EXISTS data_sharing_no_truncate ON privacy.data_sharing;
CREATE TRIGGER data_sharing_no_truncate
    BEFORE TRUNCATE ON privacy.data_sharing
    FOR EACH STATEMENT EXECUTE FUNCTION privacy.refuse_history_change();
