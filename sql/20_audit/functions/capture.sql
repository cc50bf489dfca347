-- The change trigger: one call per statement, over its transition tables. The table's
-- metadata arrives as trigger arguments (set by audit.refresh), so no statement ever
-- looks anything up in the catalog:
--   TG_ARGV[0] table name as recorded (a partition's rows are named by its root)
--   TG_ARGV[1] key columns, TG_ARGV[2] restricted columns, TG_ARGV[3] excluded columns
--
-- Each changed row goes to audit.row_changes; one row in audit.statements holds the
-- statement's context (read once here) and the hash of its rows, computed as they are
-- written, so that the sealer reads only statement rows when it links the transaction.
--
-- Most statements change one row, and for them the fixed cost of a statement is what
-- counts: they take a path of a few small statements. Statements of several rows take
-- one INSERT ... SELECT per statement (per event: each event has its own transition
-- tables), whose cost is per row.
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
    statement_id  bigint := pg_catalog.nextval('audit.ids');
    captured_at   timestamptz := pg_catalog.clock_timestamp();
    row_count     bigint;
    rows_hash     bytea;
    old_row       jsonb;
    new_row       jsonb;
    changed       text[];
    same          text[] := '{}';
    row_id        bigint;
    row_key       jsonb;
BEGIN
    IF pg_catalog.cardinality(restricted) > 0 THEN
        SELECT k.key INTO hash_key FROM audit.hash_key k;
    END IF;

    -- How many rows, and the row when there is one.
    IF TG_OP = 'INSERT' THEN
        SELECT (SELECT pg_catalog.count(*) FROM audit_new),
               (SELECT audit.stored_values(pg_catalog.to_jsonb(t.*), restricted, excluded, hash_key) FROM audit_new t LIMIT 1)
          INTO row_count, new_row;
    ELSIF TG_OP = 'UPDATE' THEN
        SELECT (SELECT pg_catalog.count(*) FROM audit_new),
               (SELECT audit.stored_values(pg_catalog.to_jsonb(t.*), restricted, excluded, hash_key) FROM audit_old t LIMIT 1),
               (SELECT audit.stored_values(pg_catalog.to_jsonb(t.*), restricted, excluded, hash_key) FROM audit_new t LIMIT 1)
          INTO row_count, old_row, new_row;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT (SELECT pg_catalog.count(*) FROM audit_old),
               (SELECT audit.stored_values(pg_catalog.to_jsonb(t.*), restricted, excluded, hash_key) FROM audit_old t LIMIT 1)
          INTO row_count, old_row;
    ELSE
        -- TRUNCATE: one row per emptied table; a partition is named in row_key.
        row_count := 1;
        IF (SELECT c.relispartition FROM pg_catalog.pg_class c WHERE c.oid = TG_RELID) THEN
            row_key := pg_catalog.jsonb_build_object('partition', pg_catalog.format('%I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME));
        END IF;
    END IF;

    IF row_count = 0 THEN
        RETURN NULL;  -- a statement that changed no row
    ELSIF row_count = 1 THEN
        IF TG_OP = 'UPDATE' THEN
            IF new_row = old_row THEN
                RETURN NULL;  -- nothing changed (or only excluded columns)
            END IF;
            SELECT d.changed, d.same INTO changed, same FROM audit.changed_columns(old_row, new_row) d;
        END IF;
        IF TG_OP <> 'TRUNCATE' THEN
            row_key := audit.key_of(COALESCE(old_row, new_row), key_columns);
        END IF;
        row_id := pg_catalog.nextval('audit.ids');
        old_row := old_row OPERATOR(pg_catalog.-) same;
        new_row := new_row OPERATOR(pg_catalog.-) same;
        INSERT INTO audit.row_changes (id, statement_id, occurred_at, row_key, old_values, new_values, changed_columns)
        VALUES (row_id, statement_id, captured_at, row_key, old_row, new_row, changed);
        rows_hash := pg_catalog.sha256(audit.row_bytes(row_id, captured_at, row_key, changed,
                                                       audit.values_hash(old_row, new_row)));
    ELSIF TG_OP = 'INSERT' THEN
        WITH w AS (
            INSERT INTO audit.row_changes (id, statement_id, occurred_at, row_key, new_values)
            SELECT pg_catalog.nextval('audit.ids'), statement_id, captured_at, audit.key_of(r.j, key_columns), r.j
              FROM (SELECT audit.stored_values(pg_catalog.to_jsonb(n.*), restricted, excluded, hash_key) AS j
                      FROM audit_new n OFFSET 0) r  -- OFFSET 0: compute each row's jsonb once
            RETURNING *)
        SELECT pg_catalog.count(*), pg_catalog.sha256(pg_catalog.string_agg(audit.row_bytes(
                   w.id, w.occurred_at, w.row_key, w.changed_columns, audit.values_hash(w.old_values, w.new_values)),
                   ''::bytea ORDER BY w.id))
          INTO row_count, rows_hash FROM w;
    ELSIF TG_OP = 'UPDATE' THEN
        -- The transition tables list old and new versions in the same order: ROWS FROM
        -- pairs them by position, which also works for tables without a key and for
        -- updates of the key itself.
        WITH w AS (
            INSERT INTO audit.row_changes (id, statement_id, occurred_at, row_key, old_values, new_values, changed_columns)
            SELECT pg_catalog.nextval('audit.ids'), statement_id, captured_at, audit.key_of(p.o, key_columns),
                   p.o OPERATOR(pg_catalog.-) d.same, p.n OPERATOR(pg_catalog.-) d.same, d.changed
              FROM ROWS FROM (
                       pg_catalog.unnest(ARRAY(SELECT audit.stored_values(pg_catalog.to_jsonb(t.*), restricted, excluded, hash_key)
                                                 FROM audit_old t)),
                       pg_catalog.unnest(ARRAY(SELECT audit.stored_values(pg_catalog.to_jsonb(t.*), restricted, excluded, hash_key)
                                                 FROM audit_new t))) AS p(o, n)
             CROSS JOIN LATERAL audit.changed_columns(p.o, p.n) d
             WHERE p.n <> p.o
            RETURNING *)
        SELECT pg_catalog.count(*), pg_catalog.sha256(pg_catalog.string_agg(audit.row_bytes(
                   w.id, w.occurred_at, w.row_key, w.changed_columns, audit.values_hash(w.old_values, w.new_values)),
                   ''::bytea ORDER BY w.id))
          INTO row_count, rows_hash FROM w;
    ELSIF TG_OP = 'DELETE' THEN
        WITH w AS (
            INSERT INTO audit.row_changes (id, statement_id, occurred_at, row_key, old_values)
            SELECT pg_catalog.nextval('audit.ids'), statement_id, captured_at, audit.key_of(r.j, key_columns), r.j
              FROM (SELECT audit.stored_values(pg_catalog.to_jsonb(o.*), restricted, excluded, hash_key) AS j
                      FROM audit_old o OFFSET 0) r
            RETURNING *)
        SELECT pg_catalog.count(*), pg_catalog.sha256(pg_catalog.string_agg(audit.row_bytes(
                   w.id, w.occurred_at, w.row_key, w.changed_columns, audit.values_hash(w.old_values, w.new_values)),
                   ''::bytea ORDER BY w.id))
          INTO row_count, rows_hash FROM w;
    END IF;

    IF row_count > 0 THEN
        INSERT INTO audit.statements (id, txid, occurred_at, statement_at, actor, db_user, tenant, client_addr,
                                      application_name, table_name, op, row_count, rows_hash)
        SELECT statement_id, tx, captured_at, pg_catalog.statement_timestamp(), COALESCE(c.actor, SESSION_USER::text),
               SESSION_USER, c.tenant, pg_catalog.inet_client_addr(), pg_catalog.current_setting('application_name'),
               recorded_name, TG_OP, row_count, rows_hash
          FROM governance.session_context() c;  -- one seal check for actor and tenant
        IF floor_id IS NOT NULL THEN
            PERFORM audit.open_link(tx, floor_id);
        END IF;
    END IF;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION audit.capture() IS
    'Internal: statement-level trigger that records changed rows in audit.row_changes and their statement in audit.statements (attached by audit.enable)';
