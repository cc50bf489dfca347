-- When a column's classification changes, audited tables re-read their restricted columns.
DROP TRIGGER IF EXISTS audit_follow_classifications ON governance.classifications;
CREATE TRIGGER audit_follow_classifications AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON governance.classifications
    FOR EACH STATEMENT EXECUTE FUNCTION audit.follow_classifications();
