-- The change trigger: one call per statement, over its transition tables. It does the
-- least the trail's guarantees need in the writer's transaction, and leaves the rest
-- (keys, changed columns, hashes, the chain) to the sealer (audit.materialize):
--   * one row in audit.pending with the statement's context, fixed now: actor and tenant
--     from governance.session_context() (which refuses a forged context, so a statement
--     under one fails as before), db user, client, application, times;
--   * a one-row statement (the common case) carries its old and new row in that same
--     row, as jsonb: one SQL statement in all, and jsonb names every value, so no later
--     schema change can move one under another column;
--   * a statement of several rows writes them typed (no per-row conversion) into the
--     shadow table of its row shape, read from the catalog now (audit.shadow_for).
-- Restricted columns are hashed before anything is written; excluded ones never are.
-- The table's metadata arrives as trigger arguments (set by audit.refresh):
--   TG_ARGV[0] table name as recorded (a partition's rows are named by its root)
--   TG_ARGV[1] key columns, TG_ARGV[2] restricted columns, TG_ARGV[3] excluded columns
CREATE OR REPLACE FUNCTION audit.capture()
RETURNS trigger
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
-- The transition tables' columns are the user's: our variables must win over them.
#variable_conflict use_variable
DECLARE
    tx           bigint := pg_catalog.txid_current();
    masked       boolean := TG_ARGV[2] <> '{}' OR TG_ARGV[3] <> '{}';
    restricted   text[] := '{}';
    excluded     text[] := '{}';
    hash_key     bytea;
    mark         boolean := false;
    statement_id bigint;
    row_count    bigint;
    shadow       record;
    context      record;
BEGIN
    IF masked THEN
        restricted := TG_ARGV[2]::text[];
        excluded := TG_ARGV[3]::text[];
        IF pg_catalog.cardinality(restricted) > 0 THEN
            SELECT k.key INTO hash_key FROM audit.hash_key k;
        END IF;
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

    -- One statement, a VALUES row (cheaper to run than INSERT ... SELECT): the context, the
    -- number of rows and, for one row, its old and new values. A statement of several
    -- rows also carries its first rows here, which the sealer ignores (counting first
    -- would cost a statement more for each one-row statement); one of no rows leaves a
    -- record of no rows, which the sealer drops.
    context := governance.session_context();
    IF TG_OP = 'INSERT' THEN
        INSERT INTO audit.pending (id, row_id, txid, occurred_at, statement_at, actor, db_user, tenant, client_addr,
                                   application_name, relid, table_name, op, key_columns, row_count, new_row)
        VALUES (pg_catalog.nextval('audit.ids'), pg_catalog.nextval('audit.ids'), tx, pg_catalog.clock_timestamp(),
                pg_catalog.statement_timestamp(), COALESCE(context.actor, SESSION_USER::text), SESSION_USER, context.tenant,
                pg_catalog.inet_client_addr(), pg_catalog.current_setting('application_name'), TG_RELID, TG_ARGV[0], TG_OP,
                TG_ARGV[1], (SELECT pg_catalog.count(*) FROM audit_new),
                (SELECT audit.stored_values(pg_catalog.to_jsonb(t.*), restricted, excluded, hash_key) FROM audit_new t LIMIT 1))
        RETURNING id, pending.row_count INTO statement_id, row_count;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO audit.pending (id, row_id, txid, occurred_at, statement_at, actor, db_user, tenant, client_addr,
                                   application_name, relid, table_name, op, key_columns, row_count, old_row, new_row)
        VALUES (pg_catalog.nextval('audit.ids'), pg_catalog.nextval('audit.ids'), tx, pg_catalog.clock_timestamp(),
                pg_catalog.statement_timestamp(), COALESCE(context.actor, SESSION_USER::text), SESSION_USER, context.tenant,
                pg_catalog.inet_client_addr(), pg_catalog.current_setting('application_name'), TG_RELID, TG_ARGV[0], TG_OP,
                TG_ARGV[1], (SELECT pg_catalog.count(*) FROM audit_new),
                (SELECT audit.stored_values(pg_catalog.to_jsonb(t.*), restricted, excluded, hash_key) FROM audit_old t LIMIT 1),
                (SELECT audit.stored_values(pg_catalog.to_jsonb(t.*), restricted, excluded, hash_key) FROM audit_new t LIMIT 1))
        RETURNING id, pending.row_count INTO statement_id, row_count;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO audit.pending (id, row_id, txid, occurred_at, statement_at, actor, db_user, tenant, client_addr,
                                   application_name, relid, table_name, op, key_columns, row_count, old_row)
        VALUES (pg_catalog.nextval('audit.ids'), pg_catalog.nextval('audit.ids'), tx, pg_catalog.clock_timestamp(),
                pg_catalog.statement_timestamp(), COALESCE(context.actor, SESSION_USER::text), SESSION_USER, context.tenant,
                pg_catalog.inet_client_addr(), pg_catalog.current_setting('application_name'), TG_RELID, TG_ARGV[0], TG_OP,
                TG_ARGV[1], (SELECT pg_catalog.count(*) FROM audit_old),
                (SELECT audit.stored_values(pg_catalog.to_jsonb(t.*), restricted, excluded, hash_key) FROM audit_old t LIMIT 1))
        RETURNING id, pending.row_count INTO statement_id, row_count;
    ELSE
        -- TRUNCATE: one row per emptied table; a partition is named in row_key.
        INSERT INTO audit.pending (id, row_id, txid, occurred_at, statement_at, actor, db_user, tenant, client_addr,
                                   application_name, relid, table_name, op, key_columns, row_count, row_key)
        VALUES (pg_catalog.nextval('audit.ids'), pg_catalog.nextval('audit.ids'), tx, pg_catalog.clock_timestamp(),
                pg_catalog.statement_timestamp(), COALESCE(context.actor, SESSION_USER::text), SESSION_USER, context.tenant,
                pg_catalog.inet_client_addr(), pg_catalog.current_setting('application_name'), TG_RELID, TG_ARGV[0], TG_OP,
                TG_ARGV[1], 1,
                CASE WHEN (SELECT r.relispartition FROM pg_catalog.pg_class r WHERE r.oid = TG_RELID)
                     THEN pg_catalog.jsonb_build_object('partition', pg_catalog.format('%I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME)) END)
        RETURNING id, pending.row_count INTO statement_id, row_count;
    END IF;

    -- Due for a seal: the commit-time sealer is a deferred trigger on the transactions
    -- queue (an insert once a second per session, not a trigger on every record).
    IF mark THEN
        INSERT INTO audit.transactions (first_id, txid, started_at, seal_at_commit)
        VALUES (statement_id - 1, tx, pg_catalog.now(), true) ON CONFLICT DO NOTHING;
    END IF;

    -- Several rows: typed, into the shadow of this statement's row shape. Old rows first
    -- (UPDATE): the sealer pairs old and new by position, as the transition tables list them.
    IF row_count > 1 THEN
        SELECT * INTO shadow FROM audit.shadow_for(TG_RELID, TG_ARGV[0], restricted, excluded);
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            EXECUTE pg_catalog.format('INSERT INTO %s SELECT $1, pg_catalog.nextval(''audit.ids''), true%s FROM audit_old t',
                                      shadow.tbl, shadow.select_list)
              USING statement_id, hash_key;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            EXECUTE pg_catalog.format('INSERT INTO %s SELECT $1, pg_catalog.nextval(''audit.ids''), false%s FROM audit_new t',
                                      shadow.tbl, shadow.select_list)
              USING statement_id, hash_key;
        END IF;
    END IF;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION audit.capture() IS
    'Internal: statement-level trigger that records a statement''s raw audit record in audit.pending (and its rows, when several, in a shadow table) for the sealer (attached by audit.enable)';
