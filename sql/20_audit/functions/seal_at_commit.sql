-- The opportunistic sealer, a deferred constraint trigger on audit.transactions: it runs
-- at commit, in a transaction whose first audited statement or event found this session
-- due for a seal (audit.capture and audit.open_link queue it marked;
-- policies/seal_at_commit.sql). It leaves a backlog of more raw rows than the setting
-- audit.seal_at_commit_rows (default 10000) to the scheduled sealer. It never waits: if
-- another sealer holds the lock, that one or the next links our rows. Under REPEATABLE
-- READ or SERIALIZABLE it does nothing (its snapshot may predate other sealers' links:
-- sealing would fork the chain or fail the commit with a serialization error).
CREATE OR REPLACE FUNCTION audit.seal_at_commit()
RETURNS trigger
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
BEGIN
    -- This session's next attempt: in a second, whether this one links anything or not.
    PERFORM pg_catalog.set_config('audit.seal_after',
                                  (pg_catalog.date_part('epoch', pg_catalog.clock_timestamp()) + 1)::text, false);
    -- A large backlog of raw rows (a bulk load) is the scheduled sealer's work
    -- (audit.seal, `pg-governance maintain`), not a favour a commit can do in passing.
    IF pg_catalog.current_setting('transaction_isolation') = 'read committed'
       AND (SELECT COALESCE(pg_catalog.sum(p.row_count), 0) FROM audit.pending p)
           <= COALESCE(NULLIF(pg_catalog.current_setting('audit.seal_at_commit_rows', true), '')::bigint, 10000) THEN
        -- Sealing is a favour to the trail, not part of this transaction's work: if it
        -- fails (a chain tampered with, a timeout), the commit goes on, the batch is
        -- undone and stays queued, and verify_chain reports what is wrong.
        BEGIN
            PERFORM audit.link_pending(false);
        EXCEPTION WHEN OTHERS THEN
            RAISE WARNING USING MESSAGE = pg_catalog.format(
                'audit: sealing at commit failed (%s); the transactions stay queued for audit.seal()', SQLERRM);
        END;
    END IF;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION audit.seal_at_commit() IS
    'Internal: at commit, links the waiting audit transactions into the hash chain unless another sealer is busy';
