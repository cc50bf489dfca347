-- The sealer: a deferred constraint trigger on audit.transactions, so it runs once per
-- link, at commit (or earlier under SET CONSTRAINTS ALL IMMEDIATE). It hashes the digests
-- of the link's items (statements and events) in id order into tx_hash and appends one
-- link to the chain. It never reads the changed rows: their statement carries their hash.
--
-- Sealers serialise on the single row of audit.chain_head, for the short moment between
-- this trigger and the end of the commit. Under READ COMMITTED, SELECT ... FOR UPDATE
-- waits for a concurrent sealer and then returns the head it wrote, so links are
-- consecutive and never fork. (Locking "the last link" instead would not serialise: the
-- next sealer would lock a row that is no longer last.) Under REPEATABLE READ or
-- SERIALIZABLE a head moved since the snapshot is a serialization failure (40001): the
-- transaction is rolled back whole, audit rows included, and the client retries.
CREATE OR REPLACE FUNCTION audit.seal()
RETURNS trigger
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
-- The link's items are found through the indexes, never by scanning the trail, even
-- when the statistics are stale after a bulk load (and without JIT, which that setting
-- would wake up for nothing); the time bounds prune the other monthly partitions when
-- the plan starts. One generic plan per session: a custom plan per commit (which the
-- plan cache keeps choosing here, partitions pruned at plan time looking cheaper) costs
-- three times the rest of the sealer. No parallel workers for a handful of index probes
-- (the costs that enable_seqscan = off inflates would otherwise start some at each commit).
SET enable_seqscan = off
SET jit = off
SET max_parallel_workers_per_gather = 0
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    sealed_at timestamptz := pg_catalog.clock_timestamp();
    setting   text;
BEGIN
    -- Lets the head update through refuse_change (this function owns the trail).
    setting := pg_catalog.set_config('audit.maintenance', pg_catalog.txid_current()::text, true);

    -- One statement: the link's content, the head (locked), the new link, the head moved.
    -- Under READ COMMITTED the locking read returns the head a concurrent sealer left,
    -- and the update then moves that same row.
    WITH covered AS (
        -- A link's items are the statements and events of its transaction drawn after its
        -- floor; each statement's digest already covers its rows (hashed at capture).
        SELECT COALESCE(pg_catalog.sum(d.row_count), 0)::bigint AS row_count,
               COALESCE(pg_catalog.max(d.id), NEW.first_id) AS last_id,
               pg_catalog.min(d.occurred_at) AS first_at, pg_catalog.max(d.occurred_at) AS last_at,
               pg_catalog.sha256(COALESCE(pg_catalog.string_agg(d.digest, ''::bytea ORDER BY d.id), ''::bytea)) AS tx_hash
          FROM audit.digests d
         WHERE NOT d.early AND d.txid = NEW.txid AND d.id > NEW.first_id
           -- Prunes older monthly partitions; the day of margin covers a clock stepped back.
           AND d.occurred_at BETWEEN NEW.started_at - interval '1 day' AND sealed_at + interval '1 day'),
    head AS (
        SELECT h.seq, h.hash FROM audit.chain_head h FOR UPDATE),
    link AS (
        INSERT INTO audit.chain (seq, txid, first_id, last_id, prev_hash, tx_hash, row_count, first_at, last_at,
                                 sealed_at, hash)
        SELECT head.seq + 1, NEW.txid, NEW.first_id, c.last_id, head.hash, c.tx_hash, c.row_count, c.first_at,
               c.last_at, sealed_at,
               audit.link_hash(head.hash, head.seq + 1, NEW.txid, NEW.first_id, c.last_id, c.row_count, c.tx_hash,
                               c.first_at, c.last_at, sealed_at)
          FROM head CROSS JOIN covered c
        RETURNING seq, hash)
    UPDATE audit.chain_head h SET seq = link.seq, hash = link.hash FROM link;

    setting := pg_catalog.set_config('audit.maintenance', '', true);
    -- Rows written after an early seal open a new link.
    setting := pg_catalog.set_config('audit.open_link', '', true);
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION audit.seal() IS 'internal: seals a transaction''s audit rows into the hash chain at commit';
