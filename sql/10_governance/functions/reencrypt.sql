-- Moves a column's ciphertexts from older key versions to the newest, in batches like
-- encrypt_column: call it (after governance.unlock, one transaction per call) until done.
-- The work left is in the data itself, so an interrupted run resumes where it stopped.
-- Works on columns converted by encrypt_column (their row context is kept) and on bytea
-- columns filled with governance.encrypt without a context.
CREATE OR REPLACE FUNCTION governance.reencrypt(
    tbl regclass, col name, batch_size integer DEFAULT NULL, OUT converted bigint, OUT done boolean)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    fn          constant text := 'governance.reencrypt';
    reg         record;
    primary_key name[];
    pk_list     text;
    closed      record;
BEGIN
    IF tbl IS NULL OR col IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed', MESSAGE = fn || ': table and column are required';
    END IF;
    IF batch_size < 1 THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value', MESSAGE = fn || ': batch_size must be positive (or NULL for all rows)';
    END IF;
    PERFORM governance.encryption_require_user_table(fn, tbl);
    PERFORM governance.encryption_require_every_row(fn, tbl);
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                    WHERE a.attrelid = tbl AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped
                      AND a.atttypid = 'pg_catalog.bytea'::pg_catalog.regtype) THEN
        RAISE EXCEPTION USING ERRCODE = 'undefined_column',
            MESSAGE = pg_catalog.format('%s: table %s has no bytea column %I', fn, tbl, col);
    END IF;
    SELECT * INTO reg FROM governance.encrypted_columns ec WHERE ec.table_name = tbl AND ec.column_name = col;
    IF reg.state = 'converting' THEN
        RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state',
            MESSAGE = pg_catalog.format('%s: column %I of %s is still being converted by encrypt_column', fn, col, tbl),
            HINT = 'Finish governance.encrypt_column first.';
    END IF;
    primary_key := governance.encryption_primary_key(fn, tbl);
    SELECT pg_catalog.string_agg(pg_catalog.format('%I', c), ', ') INTO pk_list FROM pg_catalog.unnest(primary_key) c;

    -- Re-encrypting needs the keyring (old and new key versions); the UPDATE fires the
    -- table's triggers as the pack's owner. So the new values are computed first by a
    -- SELECT, which fires nothing (row security, which would, is refused above), into a
    -- staging table only the pack's owner reads; the keyring is emptied for the UPDATE.
    EXECUTE pg_catalog.format(
        'CREATE TEMPORARY TABLE governance_reencrypt_batch ON COMMIT DROP AS
         SELECT %4$s, governance.encryption_reencrypt_value(t.%2$I, %3$s) AS "governance$value" FROM %1$s t
          WHERE (%4$s) IN (SELECT %4$s FROM %1$s WHERE governance.encryption_is_stale(%2$I) LIMIT %5$s FOR UPDATE SKIP LOCKED)',
        tbl, col, CASE WHEN reg.id IS NULL THEN 'NULL' ELSE governance.encryption_context_sql(reg.id, primary_key) END, pk_list,
        COALESCE(batch_size::text, 'ALL'));
    closed := governance.encryption_keyring_close();
    EXECUTE pg_catalog.format(
        'UPDATE %1$s t SET %2$I = s."governance$value" FROM pg_temp.governance_reencrypt_batch s WHERE (%3$s) = (%4$s)',
        tbl, col,
        (SELECT pg_catalog.string_agg(pg_catalog.format('t.%I', c), ', ') FROM pg_catalog.unnest(primary_key) c),
        (SELECT pg_catalog.string_agg(pg_catalog.format('s.%I', c), ', ') FROM pg_catalog.unnest(primary_key) c));
    GET DIAGNOSTICS converted = ROW_COUNT;
    PERFORM governance.encryption_keyring_reopen(fn, closed.keyring, closed.entries);
    DROP TABLE pg_temp.governance_reencrypt_batch;
    done := batch_size IS NULL OR converted < batch_size;
END
$$;

COMMENT ON FUNCTION governance.reencrypt(regclass, name, integer) IS
    'Moves ciphertexts of a column to the newest version of their key, in batches (call until done); resumable';

GRANT EXECUTE ON FUNCTION governance.reencrypt(regclass, name, integer) TO governance_admin;
