-- Recomputes the chain and reports what does not match, first problem first; no rows
-- means intact. Kinds:
--   modified  a row, a link or the head differs from what was sealed
--   gap       rows or links are missing (deleted)
--   fork      rows or links were added after sealing, or two links claim one place
--   unsealed  committed audit rows (or raw records in audit.pending) that no link covers
--             although they were captured longer ago than the setting audit.seal_delay
--             (default 5 minutes): sealing is batched after commit (audit.seal), so younger
--             rows may legitimately wait for their link; or rows of no statement (written
--             with the trigger bypassed)
--   unverifiable  the verification itself could not run to the end (its error is the
--             detail): a chain that cannot be verified is never reported intact
-- A link covers items (statements and events, see views/digests.sql); a statement covers
-- its rows in audit.row_changes through their count and hash.
-- Retention (audit.purge) is the one thing that lets links go unchecked: the content of a
-- link sealed before a purge's boundary is not recomputed (its rows may be gone). A purge
-- counts only when it is itself evidence: its audit.purge event, recorded with it, matches
-- the audit.purges row and is sealed after the links it excuses (or still waits for its
-- link); and nothing older than its boundary may remain. So a purge record planted by hand
-- excuses nothing, and one that the pack's owner forges together with its event is
-- sealed into the chain after a checkpoint kept outside, for the auditor to see.
-- since: check links sealed from then on (the first one is trusted as an anchor).
-- checkpoint_seq/checkpoint_hash: a head returned earlier by audit.checkpoint() and
-- kept outside the database; a chain rewritten from scratch no longer contains it.
CREATE OR REPLACE FUNCTION audit.verify_chain(since timestamptz, checkpoint_seq bigint, checkpoint_hash text)
RETURNS TABLE (kind text, seq bigint, txid bigint, row_id bigint, detail text)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    -- How long a committed row may wait for its link (sealing runs after commit).
    seal_delay    interval := COALESCE(NULLIF(pg_catalog.current_setting('audit.seal_delay', true), '')::interval,
                                       interval '5 minutes');
BEGIN
    IF (checkpoint_seq IS NULL) <> (checkpoint_hash IS NULL) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'audit.verify_chain: give both checkpoint_seq and checkpoint_hash, or neither';
    END IF;

    -- Whatever the rows hold (a value no query expected, a time at infinity), the answer
    -- is a list of problems: an error would leave the caller with no verdict, which a
    -- compliance check may not read as "intact".
    BEGIN
    RETURN QUERY
    WITH purges AS (
        -- Each retention record, and whether the chain vouches for it (see the header).
        SELECT p.id, p.before, p.through_seq,
               e.id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM audit.chain l
                                WHERE l.txid = e.txid AND e.id > l.first_id AND e.id <= l.last_id
                                  AND l.seq <= p.through_seq) AS vouched
          FROM audit.purges p
          LEFT JOIN audit.events e
            ON e.id = p.event_id AND e.event_type = 'audit.purge' AND e.occurred_at >= p.before
           AND (e.details ->> 'before')::timestamptz = p.before
           -- Events of purges made before release 0006 do not name the link.
           AND COALESCE((e.details ->> 'through_seq')::bigint = p.through_seq, true)
    ),
    excused AS (
        -- Links whose rows a vouched-for purge may have removed: their content is not
        -- rechecked, their linkage is.
        SELECT l.seq FROM audit.chain l
         WHERE EXISTS (SELECT 1 FROM purges p
                        WHERE p.vouched AND l.seq <= p.through_seq AND l.first_at < p.before)
    ),
    links AS (
        SELECT l.*, pg_catalog.lag(l.seq) OVER w AS prev_seq, pg_catalog.lag(l.hash) OVER w AS expected_prev
          FROM audit.chain l
         WHERE since IS NULL OR l.sealed_at >= since
        WINDOW w AS (ORDER BY l.seq)
    ),
    recomputed AS (
        SELECT l.seq, COALESCE(pg_catalog.sum(d.row_count), 0) AS row_count,
               pg_catalog.sha256(COALESCE(pg_catalog.string_agg(d.digest, ''::bytea ORDER BY d.id), ''::bytea)) AS tx_hash
          FROM links l
          LEFT JOIN audit.digests d ON d.txid = l.txid AND d.id > l.first_id AND d.id <= l.last_id
         WHERE l.seq NOT IN (SELECT x.seq FROM excused x)
         GROUP BY l.seq
    ),
    problems AS (
        -- A retention record the chain does not vouch for excuses nothing; it is reported
        -- unless a vouched-for purge excuses at least as much (a later purge removes the
        -- month that held an earlier one's event).
        SELECT 'fork' AS kind, p.through_seq AS seq, NULL::bigint AS txid, NULL::bigint AS row_id,
               pg_catalog.format('purge record %s (before %s, through link %s) is vouched for by no audit.purge event sealed after the links it excuses',
                                 p.id, p.before, p.through_seq) AS detail
          FROM purges p
         WHERE NOT p.vouched
           AND NOT EXISTS (SELECT 1 FROM purges q WHERE q.vouched AND q.before >= p.before AND q.through_seq >= p.through_seq)
        UNION ALL
        -- A purge removed everything older than its boundary: a row that remains was
        -- written (or rewritten) afterwards, under the cover of the purge.
        SELECT 'fork', NULL, d.txid, d.id,
               pg_catalog.format('audit row %s is dated %s, before the boundary %s of purge %s, which removed everything older',
                                 d.id, d.occurred_at, p.before, p.id)
          FROM audit.digests d JOIN purges p ON p.vouched AND d.occurred_at < p.before
         WHERE since IS NULL OR d.occurred_at >= since
        UNION ALL
        -- The capture path writes the clock's time: a time at infinity was written by hand.
        SELECT 'modified', NULL, d.txid, d.id, pg_catalog.format('audit row %s is dated %s', d.id, d.occurred_at)
          FROM audit.digests d
         WHERE NOT pg_catalog.isfinite(d.occurred_at)
        UNION ALL
        SELECT CASE WHEN l.prev_seq < l.seq - 1 THEN 'gap' ELSE 'fork' END, l.seq, l.txid,
               NULL, pg_catalog.format('link %s does not follow link %s', l.seq, l.prev_seq)
          FROM links l
         WHERE l.prev_seq IS NOT NULL AND (l.prev_seq <> l.seq - 1 OR l.prev_hash <> l.expected_prev)
        UNION ALL
        SELECT 'modified', l.seq, l.txid, NULL,
               pg_catalog.format('link %s does not hash to its stored hash', l.seq)
          FROM links l
         WHERE l.hash <> audit.link_hash(l.prev_hash, l.seq, l.txid, l.first_id, l.last_id, l.row_count,
                                         l.tx_hash, l.first_at, l.last_at, l.sealed_at)
        UNION ALL
        SELECT CASE WHEN r.row_count < l.row_count THEN 'gap'
                    WHEN r.row_count > l.row_count THEN 'fork' ELSE 'modified' END,
               l.seq, l.txid, NULL,
               pg_catalog.format('the rows of link %s (transaction %s) no longer match it: %s rows sealed, %s found',
                                 l.seq, l.txid, l.row_count, r.row_count)
          FROM links l JOIN recomputed r ON r.seq = l.seq
         WHERE r.row_count <> l.row_count OR r.tx_hash <> l.tx_hash
        UNION ALL
        -- A statement's rows against the count and hash it was sealed with.
        SELECT CASE WHEN COALESCE(r.row_count, 0) < s.row_count THEN 'gap'
                    WHEN r.row_count > s.row_count THEN 'fork' ELSE 'modified' END,
               l.seq, s.txid, s.id,
               pg_catalog.format('the rows of statement %s (transaction %s) no longer match it: %s rows sealed, %s found',
                                 s.id, s.txid, s.row_count, COALESCE(r.row_count, 0))
          FROM audit.statements s
          LEFT JOIN (SELECT rc.statement_id, pg_catalog.count(*) AS row_count,
                            pg_catalog.sha256(pg_catalog.string_agg(audit.row_bytes(
                                rc.id, rc.occurred_at, rc.row_key, rc.changed_columns,
                                COALESCE(rc.values_hash, audit.values_hash(rc.old_values, rc.new_values))),
                                ''::bytea ORDER BY rc.id)) AS rows_hash
                       FROM audit.row_changes rc
                      WHERE since IS NULL OR rc.occurred_at >= since
                      GROUP BY rc.statement_id) r ON r.statement_id = s.id
          LEFT JOIN audit.chain l ON l.txid = s.txid AND s.id > l.first_id AND s.id <= l.last_id
         WHERE (since IS NULL OR s.occurred_at >= since)
           AND (r.row_count IS DISTINCT FROM s.row_count OR r.rows_hash IS DISTINCT FROM s.rows_hash)
        UNION ALL
        SELECT 'unsealed', NULL, NULL, rc.id,
               pg_catalog.format('audit row %s belongs to no statement', rc.id)
          FROM audit.row_changes rc
         WHERE (since IS NULL OR rc.occurred_at >= since)
           AND NOT EXISTS (SELECT 1 FROM audit.statements s WHERE s.id = rc.statement_id)
        UNION ALL
        SELECT 'unsealed', NULL, d.txid, d.id,
               pg_catalog.format('audit row %s of transaction %s is covered by no link (captured %s ago; the bound is %s)',
                                 d.id, d.txid, pg_catalog.date_trunc('second', pg_catalog.now() - d.occurred_at), seal_delay)
          FROM audit.digests d
         WHERE (since IS NULL OR d.occurred_at >= since) AND pg_catalog.isfinite(d.occurred_at)
           -- A row dated in the future is not young: it was written by hand to sit out the bound.
           AND (d.occurred_at < pg_catalog.now() - seal_delay
                OR d.occurred_at > pg_catalog.clock_timestamp() + interval '1 minute')
           -- The caller's own rows are sealed when it commits, not yet.
           AND d.txid IS DISTINCT FROM pg_catalog.txid_current_if_assigned()
           AND NOT EXISTS (SELECT 1 FROM audit.chain l
                            WHERE l.txid = d.txid AND d.id > l.first_id AND d.id <= l.last_id)
        UNION ALL
        -- Raw records the sealer has not taken (audit.materialize): as above, past the bound.
        SELECT 'unsealed', NULL, p.txid, p.id,
               pg_catalog.format('audit statement %s of transaction %s is covered by no link: its raw record awaits the sealer (captured %s ago; the bound is %s)',
                                 p.id, p.txid, pg_catalog.date_trunc('second', pg_catalog.now() - p.occurred_at), seal_delay)
          FROM audit.pending p
         WHERE (since IS NULL OR p.occurred_at >= since)
           AND (p.occurred_at < pg_catalog.now() - seal_delay
                OR p.occurred_at > pg_catalog.clock_timestamp() + interval '1 minute')
           AND p.txid IS DISTINCT FROM pg_catalog.txid_current_if_assigned()
        UNION ALL
        -- Redacted rows are covered by the hash of the values they had: their values must
        -- be blank and a redaction event must record them.
        SELECT 'modified', NULL, c.txid, c.id,
               pg_catalog.format('audit row %s has redacted values but no redaction event records it, or values that are not blank', c.id)
          FROM audit.changes c
         WHERE c.values_hash IS NOT NULL
           AND (since IS NULL OR c.occurred_at >= since)
           AND (NOT EXISTS (SELECT 1 FROM audit.events e
                             WHERE e.id = c.redaction_id AND e.event_type = 'audit.redaction')
                OR pg_catalog.jsonb_strip_nulls(COALESCE(c.old_values, '{}')) <> '{}'
                OR pg_catalog.jsonb_strip_nulls(COALESCE(c.new_values, '{}')) <> '{}')
        UNION ALL
        SELECT CASE WHEN h.seq > last.seq THEN 'gap' ELSE 'fork' END, h.seq, NULL, NULL,
               pg_catalog.format('the chain head (link %s) is not the last link (%s)', h.seq, last.seq)
          FROM audit.chain_head h
          LEFT JOIN LATERAL (SELECT l.seq, l.hash FROM audit.chain l ORDER BY l.seq DESC LIMIT 1) last ON true
         WHERE (h.seq, h.hash) IS DISTINCT FROM (COALESCE(last.seq, 0),
                                                  COALESCE(last.hash, pg_catalog.sha256('\x'::bytea)))
        UNION ALL
        SELECT CASE WHEN l.seq IS NULL THEN 'gap' ELSE 'modified' END, checkpoint_seq, l.txid, NULL,
               pg_catalog.format('checkpoint %s is not in the chain as it was taken', checkpoint_seq)
          FROM (SELECT 1) one
          LEFT JOIN audit.chain l ON l.seq = checkpoint_seq
         WHERE checkpoint_seq IS NOT NULL AND checkpoint_seq > 0
           AND (l.seq IS NULL OR pg_catalog.encode(l.hash, 'hex') <> pg_catalog.lower(checkpoint_hash))
    )
    SELECT p.* FROM problems p ORDER BY p.seq NULLS LAST, p.row_id;
    EXCEPTION WHEN OTHERS THEN
        RETURN QUERY SELECT 'unverifiable'::text, NULL::bigint, NULL::bigint, NULL::bigint,
                            pg_catalog.format('the chain could not be verified: %s: %s', SQLSTATE, SQLERRM);
    END;
END
$$;

-- The signature of the public contract (DESIGN.md), without a checkpoint.
CREATE OR REPLACE FUNCTION audit.verify_chain(since timestamptz DEFAULT NULL)
RETURNS TABLE (kind text, seq bigint, txid bigint, row_id bigint, detail text)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$ SELECT * FROM audit.verify_chain(since, NULL::bigint, NULL::text) $$;

COMMENT ON FUNCTION audit.verify_chain(timestamptz, bigint, text) IS
    'Verifies the audit hash chain from a time (NULL: all) against a checkpoint kept outside (NULLs: none); returns one row per problem found, none when intact';
COMMENT ON FUNCTION audit.verify_chain(timestamptz) IS
    'Verifies the audit hash chain (optionally from a time); returns one row per problem found, none when intact';

GRANT EXECUTE ON FUNCTION audit.verify_chain(timestamptz, bigint, text), audit.verify_chain(timestamptz)
    TO governance_auditor, governance_admin;
