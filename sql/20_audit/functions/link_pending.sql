-- The batch sealer: turns the raw records it can see into the trail (audit.materialize),
-- then appends one chain link per committed transaction waiting in audit.transactions (the caller's own transaction included: it is linked with the rows
-- it has so far), and takes them out of the queue. Returns the number of links appended,
-- or NULL when wait is false and another sealer holds the lock.
--
-- Sealers exclude each other with an advisory transaction lock (never the chain head's
-- row lock held across a commit: see docs/audit.md). Each statement below runs under a
-- snapshot taken after the lock was granted, so under READ COMMITTED it sees every link
-- and queue deletion that earlier lock holders committed, and links never fork. Under
-- REPEATABLE READ or SERIALIZABLE the snapshot may predate them: the caller must not get
-- here (audit.seal refuses, the commit-time trigger skips).
CREATE OR REPLACE FUNCTION audit.link_pending(wait boolean)
RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
-- Items are found through the indexes (statements by id range, events by txid) even with
-- stale statistics, one generic plan per session, no JIT nor parallel workers for a few
-- index probes (as the per-commit sealer measured: docs/audit.md, Performance).
SET enable_seqscan = off
SET jit = off
SET max_parallel_workers_per_gather = 0
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    sealed_at    timestamptz;
    first_seq    bigint;
    head_seq     bigint;
    head_hash    bytea;
    prev_hash    bytea;
    link         record;
    linked       bigint := 0;
    setting      text;
BEGIN
    -- The key: audit.chain's oid, unique in the database.
    IF wait THEN
        PERFORM pg_catalog.pg_advisory_xact_lock('audit.chain'::regclass::oid::integer, 0);
    ELSIF NOT pg_catalog.pg_try_advisory_xact_lock('audit.chain'::regclass::oid::integer, 0) THEN
        RETURN NULL;
    END IF;

    -- Raw records first: their transactions join the queue.
    PERFORM audit.materialize(false);
    sealed_at := pg_catalog.clock_timestamp();
    SELECT h.seq, h.hash INTO head_seq, head_hash FROM audit.chain_head h;
    first_seq := head_seq + 1;

    -- One link per waiting transaction, in the order they started (their floor). Visible
    -- queue rows are committed transactions' (whose rows are then all written) or our
    -- own; the loop's query sees them and their items in one snapshot. A transaction that
    -- queued more than one row (its setting was reset) gets one link from its lowest
    -- floor: every item it wrote has a larger id.
    FOR link IN
        WITH pending AS (
            SELECT t.txid, pg_catalog.min(t.first_id) AS first_id, pg_catalog.min(t.started_at) AS started_at
              FROM audit.transactions t
             -- A transaction that committed after materialize took the raw records has
             -- records left: it waits for the next batch, whole.
             WHERE NOT EXISTS (SELECT 1 FROM audit.pending r WHERE r.txid = t.txid)
             GROUP BY t.txid),
        bounds AS (
            SELECT pg_catalog.min(p.first_id) AS floor_id, pg_catalog.min(p.started_at) AS oldest FROM pending p)
        SELECT p.txid, p.first_id, COALESCE(i.row_count, 0) AS row_count, COALESCE(i.last_id, p.first_id) AS last_id,
               i.first_at, i.last_at, COALESCE(i.tx_hash, pg_catalog.sha256(''::bytea)) AS tx_hash
          FROM pending p
          LEFT JOIN (
              -- The batch's items: ids above its oldest floor, of its transactions. Each
              -- statement's digest already covers its rows (hashed at capture).
              SELECT d.txid, pg_catalog.sum(d.row_count)::bigint AS row_count, pg_catalog.max(d.id) AS last_id,
                     pg_catalog.min(d.occurred_at) AS first_at, pg_catalog.max(d.occurred_at) AS last_at,
                     pg_catalog.sha256(pg_catalog.string_agg(d.digest, ''::bytea ORDER BY d.id)) AS tx_hash
                FROM audit.digests d JOIN pending q ON q.txid = d.txid
               WHERE NOT d.early AND d.id > (SELECT b.floor_id FROM bounds b)
                 -- Prunes older monthly partitions; the day of margin covers a clock stepped back.
                 AND d.occurred_at BETWEEN (SELECT b.oldest FROM bounds b) - interval '1 day'
                                       AND sealed_at + interval '1 day'
               GROUP BY d.txid) i ON i.txid = p.txid
         ORDER BY p.first_id
    LOOP
        prev_hash := head_hash;
        head_seq := head_seq + 1;
        head_hash := audit.link_hash(prev_hash, head_seq, link.txid, link.first_id, link.last_id, link.row_count,
                                     link.tx_hash, link.first_at, link.last_at, sealed_at);
        INSERT INTO audit.chain (seq, txid, first_id, last_id, prev_hash, tx_hash, row_count, first_at, last_at,
                                 sealed_at, hash)
        VALUES (head_seq, link.txid, link.first_id, link.last_id, prev_hash, link.tx_hash, link.row_count,
                link.first_at, link.last_at, sealed_at, head_hash);
        linked := linked + 1;
    END LOOP;
    IF linked = 0 THEN
        RETURN 0;
    END IF;

    -- Lets the head update and the queue deletion through refuse_change.
    setting := pg_catalog.set_config('audit.maintenance', pg_catalog.txid_current()::text, true);
    UPDATE audit.chain_head h SET seq = head_seq, hash = head_hash;
    -- Exactly the transactions just linked leave the queue (others may have joined it).
    DELETE FROM audit.transactions t USING audit.chain l WHERE l.seq >= first_seq AND l.txid = t.txid;
    setting := pg_catalog.set_config('audit.maintenance', '', true);
    -- If our own transaction was linked, its later rows open a new link.
    setting := pg_catalog.set_config('audit.open_link', '', true);
    RETURN linked;
END
$$;

COMMENT ON FUNCTION audit.link_pending(boolean) IS
    'Internal: links the transactions waiting in audit.transactions into the hash chain, under the sealers'' advisory lock';
