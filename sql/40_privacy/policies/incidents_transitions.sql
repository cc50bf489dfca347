DROP TRIGGER IF EXISTS incidents_transitions ON privacy.incidents;
CREATE TRIGGER incidents_transitions
    BEFORE UPDATE ON privacy.incidents
    FOR EACH ROW EXECUTE FUNCTION privacy.incidents_check_change();

DROP TRIGGER IF EXISTS incidents_no_delete ON privacy.incidents;
CREATE TRIGGER incidents_no_delete
    BEFORE DELETE ON privacy.incidents
    FOR EACH ROW EXECUTE FUNCTION governance.refuse_change('append-only', 'These rows are evidence; record a new decision or event instead.');

DROP TRIGGER IF EXISTS incidents_no_truncate ON privacy.incidents;
CREATE TRIGGER incidents_no_truncate
    BEFORE TRUNCATE ON privacy.incidents
    FOR EACH STATEMENT EXECUTE FUNCTION governance.refuse_change('append-only', 'These rows are evidence; record a new decision or event instead.');
