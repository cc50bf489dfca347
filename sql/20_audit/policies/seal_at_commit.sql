-- Opportunistic sealing at commit (functions/seal_at_commit.sql), only for transactions
-- that audit.open_link or audit.capture marked: this session is due (at most one attempt a second per
-- session); the other commits queue no trigger event at all.
DROP TRIGGER IF EXISTS seal ON audit.transactions;
DROP TRIGGER IF EXISTS seal_at_commit ON audit.transactions;
CREATE CONSTRAINT TRIGGER seal_at_commit AFTER INSERT ON audit.transactions
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (NEW.seal_at_commit)
    EXECUTE FUNCTION audit.seal_at_commit();

