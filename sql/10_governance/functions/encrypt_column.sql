-- Converts a plaintext column to ciphertexts in place, without a long lock:
--   1. first call: registers the column, adds a bytea shadow column and a trigger that
--      invalidates a row's ciphertext when the application changes its plaintext;
--      classifies the column restricted (the audit trail stores it as keyed hashes from
--      now on, the conversion's own updates included) and redacts the changes of its
--      history that hold it in clear (audit.redact_column_history): once the column is
--      protected, its plaintext is readable nowhere, the auditor's trail included;
--   2. each call encrypts up to batch_size rows (all when NULL) that have no ciphertext
--      yet, skipping rows other transactions hold: call it in its own transaction,
--      after governance.unlock, until done (the CLI does, with a progress bar);
--   3. the call that finds fewer rows than a batch takes the table lock briefly, encrypts
--      the rest, drops the plaintext column, renames the shadow into its place, creates
--      <table>_decrypted and classifies the column restricted.
-- Every ciphertext is bound to the column and its row's primary key (associated data),
-- so a ciphertext copied onto another row does not decrypt there. Interrupted anywhere,
-- it resumes where it stopped; called again when done, it changes nothing.
CREATE OR REPLACE FUNCTION governance.encrypt_column(
    tbl regclass, col name, key_name text, batch_size integer DEFAULT NULL,
    OUT converted bigint, OUT done boolean)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    fn          constant text := 'governance.encrypt_column';
    k_id        integer;
    rel         record;
    att         record;
    reg         record;
    primary_key name[];
    pk_list     text;
    batch_sql   text;
    key         record;
    header      bytea;
    finished    bigint;
    closed      record;
BEGIN
    PERFORM governance.require_local_table(fn, tbl, 'encryption');
    IF tbl IS NULL OR col IS NULL OR key_name IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed', MESSAGE = fn || ': table, column and key_name are required';
    END IF;
    IF batch_size < 1 THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value', MESSAGE = fn || ': batch_size must be positive (or NULL for all rows)';
    END IF;
    PERFORM governance.encryption_require_user_table(fn, tbl);
    k_id := governance.encryption_key_id(fn, key_name);
    SELECT c.relkind INTO rel FROM pg_catalog.pg_class c WHERE c.oid = tbl;
    IF rel.relkind NOT IN ('r', 'p') THEN
        RAISE EXCEPTION USING ERRCODE = 'wrong_object_type', MESSAGE = pg_catalog.format('%s: %s is not a table', fn, tbl);
    END IF;
    PERFORM governance.encryption_require_every_row(fn, tbl);
    primary_key := governance.encryption_primary_key(fn, tbl);

    SELECT * INTO reg FROM governance.encrypted_columns ec WHERE ec.table_name = tbl AND ec.column_name = col FOR UPDATE;
    IF FOUND AND reg.key_id <> k_id THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: column %I of %s is encrypted with another key', fn, col, tbl),
            HINT = 'Use governance.reencrypt to move it to the newest version of its key.';
    END IF;
    IF reg.state = 'encrypted' THEN
        converted := 0;
        done := true;
        RETURN;
    END IF;
    IF NOT FOUND THEN
        SELECT a.attnum, a.attnotnull, a.attgenerated, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type_name INTO att
          FROM pg_catalog.pg_attribute a WHERE a.attrelid = tbl AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped;
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'undefined_column', MESSAGE = pg_catalog.format('%s: table %s has no column %I', fn, tbl, col);
        END IF;
        IF col = ANY (primary_key) OR att.attgenerated <> '' THEN
            RAISE EXCEPTION USING ERRCODE = 'feature_not_supported',
                MESSAGE = pg_catalog.format('%s: column %I of %s is part of the primary key or generated; it cannot be encrypted', fn, col, tbl);
        END IF;
        INSERT INTO governance.encrypted_columns (table_name, column_name, key_id, original_type, shadow_column, started_by,
                                                  original_position)
        VALUES (tbl, col, k_id, att.type_name, pg_catalog.left(col, 48) || '__encrypted', governance.current_actor(),
                att.attnum)
        RETURNING * INTO reg;
        EXECUTE pg_catalog.format('ALTER TABLE %s ADD COLUMN %I bytea', tbl, reg.shadow_column);
        EXECUTE pg_catalog.format(
            'CREATE TRIGGER %I BEFORE UPDATE OF %I ON %s FOR EACH ROW EXECUTE FUNCTION governance.encryption_reset_shadow(%L)',
            'governance_encrypting_' || reg.id, col, tbl, reg.shadow_column);
        PERFORM governance.classify(tbl, col,
            COALESCE((SELECT c.category FROM governance.classifications c WHERE c.table_name = tbl AND c.column_name = col),
                     'direct_identifier'),
            'restricted');
        IF pg_catalog.to_regprocedure('audit.redact_column_history(regclass, name, text)') IS NOT NULL THEN
            EXECUTE 'SELECT audit.redact_column_history($1, $2, $3)'
              USING tbl, col, pg_catalog.format('%s: column %I of %s is encrypted; its plaintext history is redacted', fn, col, tbl);
        END IF;
    END IF;

    -- The grant check and the unwrapping happen once per call, not per row: each row
    -- costs one seal. The key travels as a parameter of the batch update, which runs with
    -- this function's rights (the caller cannot see it, nor call encryption_seal).
    key := governance.encryption_load_for_encrypt(fn, key_name, ''::bytea, governance.encryption_invoker());
    SELECT pg_catalog.string_agg(pg_catalog.format('%I', c), ', ') INTO pk_list FROM pg_catalog.unnest(primary_key) c;
    batch_sql := pg_catalog.format(
        'UPDATE %1$s t SET %2$I = governance.encryption_seal($1, %3$s, $2, $3, pg_catalog.convert_to(%4$s, ''UTF8''))
          WHERE (%5$s) IN (SELECT %5$s FROM %1$s WHERE %2$I IS NULL AND %6$I IS NOT NULL LIMIT $4 FOR UPDATE SKIP LOCKED)',
        tbl, reg.shadow_column,
        CASE WHEN reg.original_type = 'bytea' THEN pg_catalog.format('t.%I', col)
             ELSE pg_catalog.format('pg_catalog.convert_to(t.%I::text, ''UTF8'')', col) END,
        governance.encryption_context_sql(reg.id, primary_key), pk_list, col);
    header := governance.encryption_header(key.header, reg.original_type <> 'bytea', true, false);
    -- The UPDATEs fire the table's triggers as the pack's owner: the keyring stays empty
    -- meanwhile (the data key travels only as a parameter, which no trigger can read).
    closed := governance.encryption_keyring_close();
    EXECUTE batch_sql USING header, key.enc_key, key.mac_key, batch_size;
    GET DIAGNOSTICS converted = ROW_COUNT;
    done := batch_size IS NULL OR converted < batch_size;
    IF NOT done THEN
        PERFORM governance.encryption_keyring_reopen(fn, closed.keyring, closed.entries);
        RETURN;
    END IF;

    -- Last batch: under the table lock no row is skipped and no update can race us.
    EXECUTE pg_catalog.format('LOCK TABLE %s IN ACCESS EXCLUSIVE MODE', tbl);
    EXECUTE batch_sql USING header, key.enc_key, key.mac_key, NULL::integer;
    GET DIAGNOSTICS finished = ROW_COUNT;
    converted := converted + finished;
    PERFORM governance.encryption_keyring_reopen(fn, closed.keyring, closed.entries);
    SELECT a.attnotnull INTO att FROM pg_catalog.pg_attribute a WHERE a.attrelid = tbl AND a.attname = col;
    EXECUTE pg_catalog.format('DROP TRIGGER %I ON %s', 'governance_encrypting_' || reg.id, tbl);
    -- The decrypted view of an earlier encrypted column reads this plaintext column.
    PERFORM governance.encryption_drop_view(tbl);
    EXECUTE pg_catalog.format('ALTER TABLE %s DROP COLUMN %I', tbl, col);
    EXECUTE pg_catalog.format('ALTER TABLE %s RENAME COLUMN %I TO %I', tbl, reg.shadow_column, col);
    IF att.attnotnull THEN
        EXECUTE pg_catalog.format('ALTER TABLE %s ALTER COLUMN %I SET NOT NULL', tbl, col);
    END IF;
    -- Plaintext written into the bytea column by mistake is refused from now on. NOT VALID:
    -- the rows we just wrote are ciphertexts, no need to scan the table under the lock.
    EXECUTE pg_catalog.format(
        'ALTER TABLE %s ADD CONSTRAINT %I CHECK (%I IS NULL OR (pg_catalog.get_byte(%I, 0) = 225 AND pg_catalog.length(%I) >= 82)) NOT VALID',
        tbl, 'governance_encrypted_' || reg.id, col, col, col);
    UPDATE governance.encrypted_columns ec SET state = 'encrypted', finished_at = pg_catalog.now() WHERE ec.id = reg.id;
    UPDATE governance.encrypted_columns ec SET view_name = governance.encryption_refresh_view(tbl) WHERE ec.id = reg.id;
    PERFORM governance.classify(tbl, col,
        COALESCE((SELECT c.category FROM governance.classifications c WHERE c.table_name = tbl AND c.column_name = col),
                 'direct_identifier'),
        'restricted');
END
$$;

COMMENT ON FUNCTION governance.encrypt_column(regclass, name, text, integer) IS
    'Encrypts a column in place in batches (call until done), keeps <table>_decrypted, classifies it restricted';

GRANT EXECUTE ON FUNCTION governance.encrypt_column(regclass, name, text, integer) TO governance_admin;
