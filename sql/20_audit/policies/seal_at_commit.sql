-- One deferred constraint trigger event per chain link: audit.seal runs at commit.
DROP TRIGGER IF EXISTS seal ON audit.transactions;
CREATE CONSTRAINT TRIGGER seal AFTER INSERT ON audit.transactions
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION audit.seal();
