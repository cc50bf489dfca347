-- The change trigger: one call per statement, over its transition tables. The table's
-- metadata arrives as trigger arguments (set by audit.refresh), so no statement looks
-- anything up in the catalog:
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
    recorded_name text := TG_ARGV[0];
    key_columns   text[] := TG_ARGV[1]::text[];
    restricted    text[] := TG_ARGV[2]::text[];
    excluded      text[] := TG_ARGV[3]::text[];
    hash_key      bytea;
    tx            bigint := pg_catalog.txid_current();
    floor_id      bigint := audit.link_floor(tx);
    captured_at   timestamptz := pg_catalog.clock_timestamp();
    actor         text := governance.current_actor();
    tenant        text := governance.current_tenant();
    client        inet := pg_catalog.inet_client_addr();
    app_name      text := pg_catalog.current_setting('application_name');
    written       bigint;
BEGIN
    IF pg_catalog.cardinality(restricted) > 0 THEN
        SELECT k.key INTO hash_key FROM audit.hash_key k;
    END IF;

    IF TG_OP = 'INSERT' THEN
        INSERT INTO audit.changes (id, occurred_at, statement_at, txid, actor, db_user, tenant, client_addr,
                                   application_name, table_name, op, row_key, new_values)
        SELECT pg_catalog.nextval('audit.ids'), captured_at, pg_catalog.statement_timestamp(), tx, actor,
               SESSION_USER, tenant, client, app_name, recorded_name, 'INSERT', audit.key_of(r.j, key_columns), r.j
          FROM (SELECT audit.stored_values(pg_catalog.to_jsonb(n.*), restricted, excluded, hash_key) AS j
                  FROM audit_new n OFFSET 0) r;  -- OFFSET 0: compute each row's jsonb once
    ELSIF TG_OP = 'UPDATE' THEN
        -- The transition tables list old and new versions in the same order: pair them by
        -- position, which also works for tables without a key and for key changes.
        INSERT INTO audit.changes (id, occurred_at, statement_at, txid, actor, db_user, tenant, client_addr,
                                   application_name, table_name, op, row_key, old_values, new_values,
                                   changed_columns)
        SELECT pg_catalog.nextval('audit.ids'), captured_at, pg_catalog.statement_timestamp(), tx, actor,
               SESSION_USER, tenant, client, app_name, recorded_name, 'UPDATE', audit.key_of(o.j, key_columns),
               o.j OPERATOR(pg_catalog.-) d.same, n.j OPERATOR(pg_catalog.-) d.same, d.changed
          FROM (SELECT pg_catalog.row_number() OVER () AS pos,
                       audit.stored_values(pg_catalog.to_jsonb(t.*), restricted, excluded, hash_key) AS j
                  FROM audit_old t OFFSET 0) o
          JOIN (SELECT pg_catalog.row_number() OVER () AS pos,
                       audit.stored_values(pg_catalog.to_jsonb(t.*), restricted, excluded, hash_key) AS j
                  FROM audit_new t OFFSET 0) n ON n.pos = o.pos AND n.j <> o.j
         CROSS JOIN LATERAL (
                SELECT pg_catalog.array_agg(e.key ORDER BY e.key) FILTER (WHERE e.value IS DISTINCT FROM o.j -> e.key) AS changed,
                       COALESCE(pg_catalog.array_agg(e.key) FILTER (WHERE e.value = o.j -> e.key), '{}') AS same
                  FROM pg_catalog.jsonb_each(n.j) e) d;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO audit.changes (id, occurred_at, statement_at, txid, actor, db_user, tenant, client_addr,
                                   application_name, table_name, op, row_key, old_values)
        SELECT pg_catalog.nextval('audit.ids'), captured_at, pg_catalog.statement_timestamp(), tx, actor,
               SESSION_USER, tenant, client, app_name, recorded_name, 'DELETE', audit.key_of(r.j, key_columns), r.j
          FROM (SELECT audit.stored_values(pg_catalog.to_jsonb(o.*), restricted, excluded, hash_key) AS j
                  FROM audit_old o OFFSET 0) r;
    ELSE
        -- One row per emptied table; a partition is named in row_key.
        INSERT INTO audit.changes (id, occurred_at, statement_at, txid, actor, db_user, tenant, client_addr,
                                   application_name, table_name, op, row_key)
        VALUES (pg_catalog.nextval('audit.ids'), captured_at, pg_catalog.statement_timestamp(), tx, actor,
                SESSION_USER, tenant, client, app_name, recorded_name, 'TRUNCATE',
                CASE WHEN (SELECT c.relispartition FROM pg_catalog.pg_class c WHERE c.oid = TG_RELID)
                     THEN pg_catalog.jsonb_build_object(
                    'partition', pg_catalog.format('%I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME)) END);
    END IF;

    GET DIAGNOSTICS written = ROW_COUNT;
    IF written > 0 THEN
        PERFORM audit.open_link(tx, floor_id);
    END IF;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION audit.capture() IS
    'internal: statement-level trigger that records changed rows in audit.changes (attached by audit.enable)';
