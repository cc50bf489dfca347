-- Opportunistic sealing at commit (functions/seal_at_commit.sql). The WHEN clause is
-- evaluated when the transaction's first audited statement queues it, not at commit: a
-- session seals at most once a second, and the other commits queue no trigger at all.
-- audit.seal_after is this session's next due time (epoch seconds), set by the sealer;
-- a session that changes it only changes when it helps sealing (audit.seal, run from
-- cron, and verify_chain's bound on unsealed rows do not depend on it).
DROP TRIGGER IF EXISTS seal ON audit.transactions;
DROP TRIGGER IF EXISTS seal_at_commit ON audit.transactions;
CREATE CONSTRAINT TRIGGER seal_at_commit AFTER INSERT ON audit.transactions
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW
    WHEN (COALESCE(NULLIF(pg_catalog.current_setting('audit.seal_after', true), '')::pg_catalog.float8, 0)
          <= pg_catalog.date_part('epoch', pg_catalog.clock_timestamp()))
    EXECUTE FUNCTION audit.seal_at_commit();
