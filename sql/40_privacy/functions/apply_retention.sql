-- One batch of a table's due retention, in the caller's transaction: at most batch_size
-- of its expired rows are deleted (children first, per privacy.retention_nodes) or
-- anonymized. `pg-governance maintain` calls it in a transaction per batch until `done`,
-- so a writer waits at most for one batch: rows are locked FOR UPDATE SKIP LOCKED (a row
-- a writer holds is left for the next run), and lock_timeout bounds how long the batch
-- waits for a child row or a table lock (55P03: the batch changed nothing, run it again).
-- A run stopped half-way resumes where it was: deleted rows are gone, and anonymizing
-- remembers how far it got (privacy.retention_progress). Each batch that changed rows is
-- an audit event (`retention`, when the audit module is installed).
-- Returns {table, action, cutoff, rows, children: [{table, action, rows}], done, held}.
CREATE OR REPLACE FUNCTION privacy.apply_retention(tbl regclass, batch_size integer DEFAULT 10000,
                                                   lock_timeout interval DEFAULT '2 seconds')
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    caller constant text := 'privacy.apply_retention';
    rule privacy.retention_rules;
    nodes jsonb;
    node record;
    cutoff timestamptz;
    progress text;
    upto text;
    ctids tid[];
    oids oid[];
    pairs text[];
    root text;
    n bigint := 0;
    m bigint;
    children jsonb := '[]';
    need regclass[];
    privileges text[];
BEGIN
    SELECT * INTO rule FROM privacy.retention_rules r WHERE r.table_name = tbl;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found',
            MESSAGE = pg_catalog.format('%s: %s has no retention rule', caller, tbl),
            HINT = 'Set one with privacy.set_retention.';
    END IF;
    IF batch_size IS NULL OR batch_size < 1 THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value', MESSAGE = pg_catalog.format('%s: batch_size must be 1 or more', caller);
    END IF;
    PERFORM pg_catalog.set_config('lock_timeout', (pg_catalog.date_part('epoch', lock_timeout) * 1000)::bigint::text || 'ms', true);
    cutoff := pg_catalog.now() - rule.keep_for;
    SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) ORDER BY x.depth DESC) INTO nodes
      FROM privacy.retention_nodes(tbl) x WHERE rule.action = 'delete' OR x.depth = 0;
    SELECT pg_catalog.array_agg((e->>'table_name')::regclass),
           pg_catalog.array_agg(CASE e->>'action' WHEN 'delete' THEN 'SELECT, UPDATE, DELETE' ELSE 'SELECT, UPDATE' END)
      INTO need, privileges
      FROM pg_catalog.jsonb_array_elements(nodes) e;
    PERFORM governance.require_local_table(caller, t, 'erasure') FROM pg_catalog.unnest(need) t;
    PERFORM privacy.require_user_table(caller, tbl);
    PERFORM governance.require_trusted_relations(caller, need);
    PERFORM governance.require_owner_privileges(caller, need, privileges);
    IF privacy.retention_action(tbl) = 'retain' THEN
        RETURN pg_catalog.jsonb_build_object('table', tbl::text, 'action', rule.action, 'cutoff', cutoff, 'rows', 0,
                                             'children', children, 'done', true,
                                             'held', (SELECT pg_catalog.string_agg(COALESCE(r.reason, 'retain rule'), '; ')
                                                        FROM privacy.erasure_rules r WHERE r.table_name = tbl AND r.action = 'retain'));
    END IF;

    IF rule.action = 'anonymize' THEN
        progress := (SELECT p.done_through FROM privacy.retention_progress p WHERE p.table_name = tbl);
        EXECUTE pg_catalog.format('SELECT pg_catalog.max(t)::text, pg_catalog.count(*) FROM (SELECT %I AS t FROM %s AS governance_root %s '
                                  'ORDER BY %1$I LIMIT $3) s', rule.time_column, tbl, privacy.retention_due(tbl))
           INTO upto, m USING cutoff, progress, batch_size;
        IF upto IS NOT NULL THEN
            EXECUTE pg_catalog.format('UPDATE %s AS governance_root SET %s %s AND %I <= $3::%s',
                                      tbl, privacy.mask_assignments(tbl, '{}', privacy.retention_kept_columns(tbl, rule.time_column)),
                                      privacy.retention_due(tbl),
                                      rule.time_column,
                                      (SELECT pg_catalog.format_type(a.atttypid, NULL) FROM pg_catalog.pg_attribute a
                                        WHERE a.attrelid = tbl AND a.attname = rule.time_column))
              USING cutoff, progress, upto;
            GET DIAGNOSTICS n = ROW_COUNT;
            INSERT INTO privacy.retention_progress AS p (table_name, done_through) VALUES (tbl, upto)
            ON CONFLICT (table_name) DO UPDATE SET done_through = EXCLUDED.done_through, updated_at = pg_catalog.now();
        END IF;
    ELSE
        EXECUTE pg_catalog.format('SELECT pg_catalog.array_agg(ctid), pg_catalog.array_agg(tableoid), '
                                  'pg_catalog.array_agg(tableoid::text || ctid::text) '
                                  'FROM (SELECT governance_root.ctid, governance_root.tableoid FROM %s AS governance_root %s LIMIT $3 '
                                  'FOR UPDATE OF governance_root SKIP LOCKED) s', tbl, privacy.retention_due(tbl))
           INTO ctids, oids, pairs USING cutoff, NULL::text, batch_size;
        m := COALESCE(pg_catalog.cardinality(ctids), 0);
        IF m > 0 THEN
            -- The TID scan finds the batch's rows; the pairs tell partitions' equal ctids apart.
            root := CASE WHEN (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = tbl) = 'p'
                         THEN 'ctid = ANY ($1) AND (tableoid::text || ctid::text) = ANY ($3)' ELSE 'ctid = ANY ($1)' END;
            FOR node IN SELECT * FROM pg_catalog.jsonb_to_recordset(nodes)
                                AS x(table_name regclass, depth integer, action text, via name, predicate text, detach_set text)
                         WHERE x.depth > 0 AND x.action IN ('delete', 'detach') LOOP
                EXECUTE CASE WHEN node.action = 'delete'
                             THEN pg_catalog.format('DELETE FROM %s WHERE %s', node.table_name,
                                                    pg_catalog.replace(node.predicate, '{root}', root))
                             ELSE pg_catalog.format('UPDATE %s SET %s WHERE %s', node.table_name, node.detach_set,
                                                    pg_catalog.replace(node.predicate, '{root}', root)) END
                  USING ctids, oids, pairs;
                GET DIAGNOSTICS m = ROW_COUNT;
                IF m > 0 THEN
                    children := children || pg_catalog.jsonb_build_object('table', node.table_name::text,
                                                                          'action', node.action, 'rows', m, 'via', node.via);
                END IF;
            END LOOP;
            EXECUTE pg_catalog.format('DELETE FROM %s WHERE %s', tbl, root) USING ctids, oids, pairs;
            GET DIAGNOSTICS n = ROW_COUNT;
        END IF;
        m := COALESCE(pg_catalog.cardinality(ctids), 0);
    END IF;

    IF n > 0 AND privacy.capability_installed('audit.log_event(text,text,text,text,jsonb,boolean,integer)') THEN
        EXECUTE 'SELECT audit.log_event(''retention'', $1, ''table'', $2, $3)'
          USING rule.action, tbl::text,
                pg_catalog.jsonb_build_object('rows', n, 'cutoff', cutoff, 'keep_for', rule.keep_for::text,
                                              'reason', rule.reason, 'children', children);
    END IF;
    RETURN pg_catalog.jsonb_build_object('table', tbl::text, 'action', rule.action, 'cutoff', cutoff, 'rows', n,
                                         'children', children, 'done', m < batch_size);
END
$$;

COMMENT ON FUNCTION privacy.apply_retention(regclass, integer, interval) IS
    'Deletes or anonymizes one batch of a table''s rows past their retention period (children first, legal holds kept); call again until done';

GRANT EXECUTE ON FUNCTION privacy.apply_retention(regclass, integer, interval) TO governance_admin;
