DROP TRIGGER IF EXISTS opt_outs_append_only ON privacy.opt_outs;
CREATE TRIGGER opt_outs_append_only
    BEFORE UPDATE OR DELETE ON privacy.opt_outs
    FOR EACH ROW EXECUTE FUNCTION privacy.refuse_history_change('subject_key');

DROP TRIGGER IF EXISTS opt_outs_no_truncate ON privacy.opt_outs;
CREATE TRIGGER opt_outs_no_truncate
    BEFORE TRUNCATE ON privacy.opt_outs
    FOR EACH STATEMENT EXECUTE FUNCTION privacy.refuse_history_change();
