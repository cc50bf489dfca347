DROP TRIGGER IF EXISTS requests_transitions ON privacy.requests;
CREATE TRIGGER requests_transitions
    BEFORE UPDATE ON privacy.requests
    FOR EACH ROW EXECUTE FUNCTION privacy.requests_check_change();

-- A request is never deleted: it is the evidence that the subject was answered.
DROP TRIGGER IF EXISTS requests_no_delete ON privacy.requests;
CREATE TRIGGER requests_no_delete
    BEFORE DELETE ON privacy.requests
    FOR EACH ROW EXECUTE FUNCTION governance.refuse_change('append-only', 'These rows are evidence; record a new decision or event instead.');

DROP TRIGGER IF EXISTS requests_no_truncate ON privacy.requests;
CREATE TRIGGER requests_no_truncate
    BEFORE TRUNCATE ON privacy.requests
    FOR EACH STATEMENT EXECUTE FUNCTION governance.refuse_change('append-only', 'These rows are evidence; record a new decision or event instead.');
