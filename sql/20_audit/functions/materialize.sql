-- The sealer's first half: turns every raw record it can see (committed transactions',
-- and the caller's own) into the trail, set-based: audit.statements with the context
-- fixed at capture and the count and hash of its rows, audit.row_changes (audit.pending_changes),
-- and queues their transactions in audit.transactions for a link (audit.link_pending),
-- their floor just below their first statement. The records leave audit.pending and the
-- shadow tables in the same transaction, so each is turned into the trail exactly once:
-- concurrent callers take disjoint rows (row locks). Returns the number of statements taken.
CREATE OR REPLACE FUNCTION audit.materialize(wait boolean)
RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
-- One statement takes the records and writes the trail from them: it deletes the
-- records it can see and writes what audit.pending_changes makes of exactly those (the
-- same snapshot; a record another sealer took meanwhile is skipped by the DELETE, so
-- the join drops it). Hash and merge joins only (a plan that guessed ten
-- records joined thousands by nested loops); sequential scans back on (link_pending,
-- which calls this, turns them off for its index probes).
SET enable_nestloop = off
SET enable_seqscan = on
-- A disabled plan node costs 1e10, far above jit_above_cost: with JIT the statement was
-- compiled at every call (600 ms, each audit.redact of an erasure paid it).
SET jit = off
AS $$
DECLARE
    taken   bigint;
    several bigint[];
    tables  oid[];
    shadow  regclass;
    setting text;
BEGIN
    setting := pg_catalog.set_config('audit.maintenance', pg_catalog.txid_current()::text, true);
    -- Records another caller is taking are skipped (it turns them into the trail, or
    -- returns them if it rolls back): a sealer at commit never waits. A caller that must
    -- see every record committed so far in the trail (audit.redact) waits for them first.
    IF wait THEN
        PERFORM 1 FROM audit.pending p FOR UPDATE;
    END IF;
    WITH records AS (DELETE FROM audit.pending p
                      WHERE p.id IN (SELECT q.id FROM audit.pending q FOR UPDATE SKIP LOCKED)
                     RETURNING p.*),
    rows AS (
        INSERT INTO audit.row_changes (id, statement_id, occurred_at, row_key, old_values, new_values, changed_columns)
        SELECT c.id, c.statement_id, s.occurred_at, c.row_key, c.old_values, c.new_values, c.changed_columns
          FROM audit.pending_changes() c JOIN records s ON s.id = c.statement_id
        RETURNING row_changes.id, row_changes.statement_id, row_changes.occurred_at, row_changes.row_key,
                  row_changes.old_values, row_changes.new_values, row_changes.changed_columns),
    statements AS (
        INSERT INTO audit.statements (id, txid, occurred_at, statement_at, actor, db_user, tenant, client_addr,
                                      application_name, table_name, op, row_count, rows_hash)
        SELECT s.id, s.txid, s.occurred_at, s.statement_at, s.actor, s.db_user, s.tenant, s.client_addr,
               s.application_name, s.table_name, s.op, r.row_count, r.rows_hash
          FROM records s
          JOIN (SELECT w.statement_id, pg_catalog.count(*) AS row_count,
                       pg_catalog.sha256(pg_catalog.string_agg(audit.row_bytes(
                           w.id, w.occurred_at, w.row_key, w.changed_columns, audit.values_hash(w.old_values, w.new_values)),
                           ''::bytea ORDER BY w.id)) AS rows_hash
                  FROM rows w GROUP BY w.statement_id) r ON r.statement_id = s.id
        RETURNING 1),
    -- Every transaction taken waits for its link (one whose statements all changed
    -- nothing gets an empty one).
    queued AS (
        INSERT INTO audit.transactions (first_id, txid, started_at)
        SELECT pg_catalog.min(s.id) - 1, s.txid, pg_catalog.min(s.statement_at) FROM records s GROUP BY s.txid
        ON CONFLICT DO NOTHING
        RETURNING 1)
    SELECT pg_catalog.count(*), pg_catalog.array_agg(s.id) FILTER (WHERE s.row_count > 1),
           pg_catalog.array_agg(DISTINCT s.relid) FILTER (WHERE s.row_count > 1)
      INTO taken, several, tables
      FROM records s;

    -- The rows of the statements of several rows leave their shadows.
    FOR shadow IN SELECT sh.shadow FROM audit.shapes sh WHERE sh.relid = ANY (tables) LOOP
        EXECUTE pg_catalog.format('DELETE FROM %s r WHERE r.statement_id = ANY ($1)', shadow) USING several;
    END LOOP;
    setting := pg_catalog.set_config('audit.maintenance', '', true);
    RETURN taken;
END
$$;

COMMENT ON FUNCTION audit.materialize(boolean) IS
    'Internal: turns the raw audit records visible to the caller into audit.statements and audit.row_changes, queued for their chain link';
