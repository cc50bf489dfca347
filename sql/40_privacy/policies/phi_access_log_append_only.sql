DROP TRIGGER IF EXISTS phi_access_log_append_only ON privacy.phi_access_log;
CREATE TRIGGER phi_access_log_append_only
    BEFORE UPDATE OR DELETE ON privacy.phi_access_log
    FOR EACH ROW EXECUTE FUNCTION privacy.refuse_history_change('patient');

DROP TRIGGER IF EXISTS phi_access_log_no_truncate ON privacy.phi_access_log;
CREATE TRIGGER phi_access_log_no_truncate
    BEFORE TRUNCATE ON privacy.phi_access_log
    FOR EACH STATEMENT EXECUTE FUNCTION privacy.refuse_history_change();
