DROP TRIGGER IF EXISTS erasures_append_only ON privacy.erasures;
CREATE TRIGGER erasures_append_only
    BEFORE UPDATE OR DELETE ON privacy.erasures
    FOR EACH ROW EXECUTE FUNCTION privacy.erasures_refuse_change();

DROP TRIGGER IF EXISTS erasures_no_truncate ON privacy.erasures;
CREATE TRIGGER erasures_no_truncate
    BEFORE TRUNCATE ON privacy.erasures
    FOR EACH STATEMENT EXECUTE FUNCTION privacy.erasures_refuse_change();
