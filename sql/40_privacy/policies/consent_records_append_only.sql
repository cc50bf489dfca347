DROP TRIGGER IF EXISTS consent_records_append_only ON privacy.consent_records;
CREATE TRIGGER consent_records_append_only
    BEFORE UPDATE OR DELETE ON privacy.consent_records
    FOR EACH ROW EXECUTE FUNCTION privacy.refuse_history_change('subject_key');

DROP TRIGGER IF EXISTS consent_records_no_truncate ON privacy.consent_records;
CREATE TRIGGER consent_records_no_truncate
    BEFORE TRUNCATE ON privacy.consent_records
    FOR EACH STATEMENT EXECUTE FUNCTION privacy.refuse_history_change();
