-- Sealing, part two, called after the rows are written (so that a sealer run at once, by
-- audit.seal() in this transaction, already sees them). Queues the transaction in
-- audit.transactions for the batch sealer (audit.link_pending), and asks for a sealing
-- attempt at its commit when this session is due (audit.seal_after, epoch seconds, set
-- by the commit-time sealer: at most one attempt a second per session).
-- The settings only save work: if a session resets audit.open_link, the next statement
-- queues the transaction again, which is still correct; audit.seal_after only changes
-- when a commit helps sealing.
CREATE OR REPLACE FUNCTION audit.open_link(tx bigint, floor_id bigint)
RETURNS void
LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
    IF floor_id IS NOT NULL THEN
        PERFORM pg_catalog.set_config('audit.open_link', tx::text, true);
        INSERT INTO audit.transactions (first_id, txid, started_at, seal_at_commit)
        VALUES (floor_id, tx, pg_catalog.now(),
                COALESCE(NULLIF(pg_catalog.current_setting('audit.seal_after', true), '')::pg_catalog.float8, 0)
                <= pg_catalog.date_part('epoch', pg_catalog.clock_timestamp()));
    END IF;
END
$$;

COMMENT ON FUNCTION audit.open_link(bigint, bigint) IS 'Internal: queues the transaction''s audit rows for sealing';
