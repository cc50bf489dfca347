-- Retention: removes the trail older than the start of before's month (UTC). Whole
-- monthly partitions are dropped, so nothing is rewritten; only rows that landed in the
-- default partitions (when no monthly partition existed yet) are deleted row by row.
-- Chain links stay: verify_chain still checks their linkage and stops rechecking the
-- content of links whose rows may be gone. The purge is recorded in audit.purges and as
-- an audit event, which the chain seals: verify_chain excuses links only for a purge whose
-- event vouches for it (a purges row written by hand excuses nothing).
CREATE OR REPLACE FUNCTION audit.purge(before timestamptz)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    boundary  timestamptz;
    part      record;
    dropped   text[] := '{}';
    rows_gone bigint := 0;
    deleted   bigint;
    through   bigint;
    event_id  bigint;
    result    jsonb;
BEGIN
    IF before IS NULL OR before > pg_catalog.now() THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('audit.purge: before must be a time in the past (got %s)', before);
    END IF;
    boundary := pg_catalog.date_trunc('month', before AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';

    FOR part IN
        SELECT c.oid::regclass AS tbl, c.relname, i.inhparent = 'audit.statements'::regclass AS statements
          FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
         WHERE i.inhparent IN ('audit.statements'::regclass, 'audit.row_changes'::regclass, 'audit.events'::regclass,
                               'audit.changes_v1'::regclass)
           AND c.relname ~ '^(statements|row_changes|events|changes_v1)_\d{4}_\d{2}$'
           AND (pg_catalog.to_date(pg_catalog.right(c.relname, 7), 'YYYY_MM') + interval '1 month')::timestamp
               AT TIME ZONE 'UTC' <= boundary
         ORDER BY c.relname
    LOOP
        -- Rows removed: changed rows and events (a statement row is not an audit row of its own).
        IF NOT part.statements THEN
            EXECUTE pg_catalog.format('SELECT count(*) FROM %s', part.tbl) INTO deleted;
            rows_gone := rows_gone + deleted;
        END IF;
        EXECUTE pg_catalog.format('DROP TABLE %s', part.tbl);
        dropped := dropped || part.relname::text;
    END LOOP;

    PERFORM pg_catalog.set_config('audit.maintenance', pg_catalog.txid_current()::text, true);
    DELETE FROM audit.row_changes_default c WHERE c.occurred_at < boundary;
    GET DIAGNOSTICS deleted = ROW_COUNT;
    rows_gone := rows_gone + deleted;
    DELETE FROM audit.statements_default s WHERE s.occurred_at < boundary;
    DELETE FROM audit.changes_v1_default c WHERE c.occurred_at < boundary;
    GET DIAGNOSTICS deleted = ROW_COUNT;
    rows_gone := rows_gone + deleted;
    DELETE FROM audit.events_default e WHERE e.occurred_at < boundary;
    GET DIAGNOSTICS deleted = ROW_COUNT;
    rows_gone := rows_gone + deleted;
    PERFORM pg_catalog.set_config('audit.maintenance', '', true);

    through := COALESCE((SELECT pg_catalog.max(l.seq) FROM audit.chain l WHERE l.first_at < boundary), 0);
    result := pg_catalog.jsonb_build_object('before', boundary, 'partitions_dropped', pg_catalog.to_jsonb(dropped),
                                            'rows_removed', rows_gone);
    event_id := audit.record_event('audit.purge', 'purge', 'audit trail', NULL,
                                   result || pg_catalog.jsonb_build_object('through_seq', through));
    INSERT INTO audit.purges (before, through_seq, partitions, purged_by, event_id)
    VALUES (boundary, through, dropped, governance.current_actor(), event_id);
    PERFORM audit.add_partitions();
    RETURN result;
END
$$;

COMMENT ON FUNCTION audit.purge(timestamptz) IS
    'Drops the audit trail older than the start of before''s month (UTC) by whole monthly partitions, and records it; returns what was removed';

GRANT EXECUTE ON FUNCTION audit.purge(timestamptz) TO governance_admin;
