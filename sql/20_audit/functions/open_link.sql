-- Sealing, part two, called after the rows are written (so that a sealer fired at once,
-- under SET CONSTRAINTS ALL IMMEDIATE, already sees them). Inserting into
-- audit.transactions queues the deferred constraint trigger audit.seal for commit.
-- The setting only saves work: if a session resets it, the next statement opens a second
-- link, which is still correct.
CREATE OR REPLACE FUNCTION audit.open_link(tx bigint, floor_id bigint)
RETURNS void
LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
    IF floor_id IS NOT NULL THEN
        -- Setting first: a sealer fired at once by the INSERT closes the link again.
        PERFORM pg_catalog.set_config('audit.open_link', tx::text, true);
        INSERT INTO audit.transactions (first_id, txid, started_at) VALUES (floor_id, tx, pg_catalog.now());
    END IF;
END
$$;

COMMENT ON FUNCTION audit.open_link(bigint, bigint) IS 'internal: queues the sealing of the transaction''s audit rows';
