-- The change trigger: one call per statement, over its transition tables. It does the
-- least the trail's guarantees need in the writer's transaction, and leaves the rest
-- (keys, changed columns, hashes, the chain) to the sealer (audit.materialize):
--   * one row in audit.pending with the statement's context, fixed now: actor and tenant
--     from governance.context_values (which refuses a forged context, so a statement
--     under one fails as before), db user, client, application, times;
--   * a one-row statement (the common case) carries its old and new row in that same
--     row, as jsonb: jsonb names every value, so no later schema change can move one
--     under another column;
--   * a statement of several rows writes them typed (no per-row conversion) into the
--     shadow table of its row shape, read from the catalog now (audit.shadow_for).
-- Restricted columns are hashed before anything is written; excluded ones never are.
-- The table's metadata arrives as trigger arguments (set by audit.refresh):
--   TG_ARGV[0] table name as recorded (a partition's rows are named by its root)
--   TG_ARGV[1] key columns, TG_ARGV[2] restricted columns, TG_ARGV[3] excluded columns
--
-- Cost per statement is what this is written for (bench/audit.py, docs/audit.md):
-- every value is computed in the declarations, which PL/pgSQL evaluates as plain
-- expressions with state kept for the transaction, and the INSERT takes them as
-- parameters. A function called inside the INSERT would be set up again (its EXECUTE
-- privilege checked, its call prepared) at every statement: that set-up was a quarter
-- of the capture. The first rows are read into record variables by the cheapest
-- queries there are (one scan node each), not by subqueries of the INSERT.
CREATE OR REPLACE FUNCTION audit.capture()
RETURNS trigger
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
-- The transition tables' columns are the user's: our variables must win over them.
#variable_conflict use_variable
DECLARE
    tx           bigint := pg_catalog.txid_current();
    statement_id bigint := pg_catalog.nextval('audit.ids');
    context      text[] := governance.context_values();
    actor        text := COALESCE(context[1], SESSION_USER::pg_catalog.text);
    tenant       text := context[2];
    occurred_at  timestamptz := pg_catalog.clock_timestamp();
    statement_at timestamptz := pg_catalog.statement_timestamp();
    db_user      text := SESSION_USER;
    client_addr  inet := pg_catalog.inet_client_addr();
    application  text := pg_catalog.current_setting('application_name');
    masked       boolean := TG_ARGV[2] <> '{}' OR TG_ARGV[3] <> '{}';
    restricted   text[] := '{}';
    excluded     text[] := '{}';
    hash_key     bytea;
    mark         boolean := false;
    row_id       bigint;
    row_count    bigint := 0;
    old_row      record;
    new_row      record;
    old_values   jsonb;
    new_values   jsonb;
    row_key      jsonb;
    shadow       record;
BEGIN
    IF masked THEN
        restricted := TG_ARGV[2]::text[];
        excluded := TG_ARGV[3]::text[];
    END IF;
    -- The first captured statement of a transaction asks for a seal at its commit when
    -- this session is due (audit.seal_after: at most one attempt a second per session).
    -- Transaction-local, so a session that forges it only leaves its records to the
    -- scheduled sealer.
    IF pg_catalog.current_setting('audit.capture_tx', true) IS DISTINCT FROM tx::text THEN
        mark := pg_catalog.set_config('audit.capture_tx', tx::text, true) IS NOT NULL
                AND COALESCE(NULLIF(pg_catalog.current_setting('audit.seal_after', true), '')::pg_catalog.float8, 0)
                    <= pg_catalog.date_part('epoch', pg_catalog.clock_timestamp());
    END IF;

    -- The first row of each side, and whether there is a second (several rows: shadows):
    -- one query for the side that counts, stopped at its second row.
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        FOR new_row IN SELECT * FROM audit_new LOOP
            row_count := row_count + 1;
            EXIT WHEN row_count > 1;
        END LOOP;
        IF TG_OP = 'UPDATE' AND row_count = 1 THEN
            SELECT * INTO old_row FROM audit_old;
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        FOR old_row IN SELECT * FROM audit_old LOOP
            row_count := row_count + 1;
            EXIT WHEN row_count > 1;
        END LOOP;
    END IF;

    IF row_count = 1 THEN
        row_id := pg_catalog.nextval('audit.ids');
        IF TG_OP <> 'INSERT' THEN
            old_values := pg_catalog.to_jsonb(old_row);
        END IF;
        IF TG_OP <> 'DELETE' THEN
            new_values := pg_catalog.to_jsonb(new_row);
        END IF;
    END IF;
    -- Restricted columns hashed, excluded ones dropped, by the names of the row as it is
    -- now (audit.columns_to_hash: a name renamed since audit.refresh hashes the whole row
    -- but its key, never leaves a value in clear).
    IF masked AND row_count > 0 AND TG_OP <> 'TRUNCATE' THEN
        restricted := audit.columns_to_hash(
            CASE WHEN row_count = 1 THEN ARRAY(SELECT pg_catalog.jsonb_object_keys(COALESCE(new_values, old_values)))
                 ELSE ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a
                             WHERE a.attrelid = TG_RELID AND a.attnum > 0 AND NOT a.attisdropped) END,
            TG_ARGV[1]::text[], restricted, excluded);
        IF pg_catalog.cardinality(restricted) > 0 THEN
            SELECT k.key INTO hash_key FROM audit.hash_key k;
        END IF;
        old_values := audit.stored_values(old_values, restricted, excluded, hash_key);
        new_values := audit.stored_values(new_values, restricted, excluded, hash_key);
    END IF;

    IF row_count > 1 THEN
        -- Typed, into the shadow of this statement's row shape. Old rows first (UPDATE):
        -- the sealer pairs old and new by position, as the transition tables list them.
        SELECT * INTO shadow FROM audit.shadow_for(TG_RELID, TG_ARGV[0], restricted, excluded);
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            EXECUTE pg_catalog.format('INSERT INTO %s SELECT $1, pg_catalog.nextval(''audit.ids''), true%s FROM audit_old t',
                                      shadow.tbl, shadow.select_list)
              USING statement_id, hash_key;
            GET DIAGNOSTICS row_count = ROW_COUNT;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            EXECUTE pg_catalog.format('INSERT INTO %s SELECT $1, pg_catalog.nextval(''audit.ids''), false%s FROM audit_new t',
                                      shadow.tbl, shadow.select_list)
              USING statement_id, hash_key;
            GET DIAGNOSTICS row_count = ROW_COUNT;
        END IF;
    ELSIF TG_OP = 'TRUNCATE' THEN
        -- One row per emptied table; a partition is named in row_key.
        row_count := 1;
        row_id := pg_catalog.nextval('audit.ids');
        IF (SELECT r.relispartition FROM pg_catalog.pg_class r WHERE r.oid = TG_RELID) THEN
            row_key := pg_catalog.jsonb_build_object('partition', pg_catalog.format('%I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME));
        END IF;
    END IF;

    -- One row per statement; one of no rows leaves a record of no rows, which the sealer drops.
    INSERT INTO audit.pending (id, row_id, txid, occurred_at, statement_at, actor, db_user, tenant, client_addr,
                               application_name, relid, table_name, op, key_columns, row_count, row_key, old_row, new_row)
    VALUES (statement_id, row_id, tx, occurred_at, statement_at, actor, db_user, tenant, client_addr,
            application, TG_RELID, TG_ARGV[0], TG_OP, TG_ARGV[1], row_count, row_key, old_values, new_values);

    -- Due for a seal: the commit-time sealer is a deferred trigger on the transactions
    -- queue (an insert once a second per session, not a trigger on every record).
    IF mark THEN
        INSERT INTO audit.transactions (first_id, txid, started_at, seal_at_commit)
        VALUES (statement_id - 1, tx, pg_catalog.now(), true) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION audit.capture() IS
    'Internal: statement-level trigger that records a statement''s raw audit record in audit.pending (and its rows, when several, in a shadow table) for the sealer (attached by audit.enable)';
