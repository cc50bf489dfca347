-- The encrypted columns (governance.encrypt_column) of an export's rows made intelligible
-- (GDPR Art. 15): a ciphertext is no answer to an access request. `data` is gdpr_export's
-- {"<table>": {"rows": [...]}}; each encrypted column's values are decrypted with the
-- caller's keys (governance.decrypt: the keys unlocked in this transaction and the
-- calling role's decrypt grant), bound to their row as encrypt_column bound them. When
-- they cannot be (keys locked, no grant), `mode` decides: 'refuse' fails (55000) naming
-- every such field and how to unlock; 'mark' puts {"encrypted": true, "key": <name>} in
-- place of each value. Never the ciphertext. Each table gets `encrypted`: per column its
-- key and whether it was exported as `plaintext` or `marked`. A column still converting
-- has its plaintext in place: the shadow ciphertext column is left out.
-- Runs after the keyring is reopened: the application's code does not run here.
CREATE OR REPLACE FUNCTION privacy.export_encrypted_columns(caller text, data jsonb, mode text)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    col record;
    rows jsonb;
    context text;
    how text;
    unreadable text[] := '{}';
    why text;
BEGIN
    IF mode IS NULL OR mode NOT IN ('refuse', 'mark') THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: encrypted must be ''refuse'' or ''mark'', not %L', caller, mode);
    END IF;
    FOR col IN SELECT ec.id, ec.table_name, ec.column_name, ec.shadow_column, ec.original_type, ec.state,
                      k.name AS key_name
                 FROM governance.encrypted_columns ec
                 JOIN governance.keys k ON k.id = ec.key_id
                WHERE data ? ec.table_name::text
                ORDER BY ec.table_name::text, ec.column_name LOOP
        rows := data->(col.table_name::text)->'rows';
        IF col.state <> 'encrypted' THEN
            data := pg_catalog.jsonb_set(data, ARRAY[col.table_name::text, 'rows'],
                (SELECT pg_catalog.jsonb_agg(r - col.shadow_column::text ORDER BY o)
                   FROM pg_catalog.jsonb_array_elements(rows) WITH ORDINALITY e(r, o)));
            CONTINUE;
        END IF;
        -- The associated data of a row, from its exported primary key (jsonb_build_array
        -- of the jsonb values renders as of the typed values).
        context := pg_catalog.format('%L || pg_catalog.jsonb_build_array(%s)::text', 'column ' || col.id || ' row ',
                       (SELECT pg_catalog.string_agg(pg_catalog.format('r->%L', pk), ', ')
                          FROM pg_catalog.unnest(governance.encryption_primary_key(caller, col.table_name)) pk));
        BEGIN
            EXECUTE pg_catalog.format(
                'SELECT pg_catalog.jsonb_agg(CASE WHEN pg_catalog.jsonb_typeof(r->%1$L) IS DISTINCT FROM ''string'' THEN r '
                'ELSE pg_catalog.jsonb_set(r, ARRAY[%1$L], pg_catalog.to_jsonb(%2$s)) END ORDER BY o) '
                'FROM pg_catalog.jsonb_array_elements($1) WITH ORDINALITY e(r, o)',
                col.column_name,
                CASE WHEN col.original_type = 'bytea'
                     THEN pg_catalog.format('governance.decrypt_bytea((r->>%L)::bytea, %s)', col.column_name, context)
                     ELSE pg_catalog.format('governance.decrypt((r->>%L)::bytea, %s)::%s', col.column_name, context,
                                            col.original_type) END)
              INTO rows USING rows;
            how := 'plaintext';
        EXCEPTION WHEN object_not_in_prerequisite_state OR insufficient_privilege THEN
            why := CASE WHEN SQLSTATE = '55000' THEN 'keys locked' ELSE 'no decrypt grant' END;
            unreadable := unreadable || pg_catalog.format('%s.%I (key %s: %s)', col.table_name, col.column_name,
                                                          col.key_name, why);
            SELECT pg_catalog.jsonb_agg(CASE WHEN pg_catalog.jsonb_typeof(r->col.column_name::text) IS DISTINCT FROM 'string' THEN r
                                             ELSE pg_catalog.jsonb_set(r, ARRAY[col.column_name::text],
                                                      pg_catalog.jsonb_build_object('encrypted', true, 'key', col.key_name)) END
                                        ORDER BY o)
              INTO rows FROM pg_catalog.jsonb_array_elements(rows) WITH ORDINALITY e(r, o);
            how := 'marked';
        END;
        data := pg_catalog.jsonb_set(data, ARRAY[col.table_name::text, 'rows'], rows);
        data := pg_catalog.jsonb_set(data, ARRAY[col.table_name::text, 'encrypted'],
                    COALESCE(data->(col.table_name::text)->'encrypted', '{}')
                    || pg_catalog.jsonb_build_object(col.column_name, pg_catalog.jsonb_build_object('key', col.key_name, 'exported', how)));
    END LOOP;
    IF mode = 'refuse' AND unreadable <> '{}' THEN
        RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state',
            MESSAGE = pg_catalog.format('%s: encrypted fields cannot be exported readable: %s', caller,
                                        pg_catalog.array_to_string(unreadable, ', ')),
            HINT = 'Unlock the keys in the exporting transaction (governance.unlock(master key); the CLI takes '
                   'PG_GOVERNANCE_MASTER_KEY or --master-key-file) as a role with a decrypt grant on them '
                   '(governance.grant_key), or export with encrypted => ''mark'' to name them without their values.';
    END IF;
    RETURN data;
END
$$;

COMMENT ON FUNCTION privacy.export_encrypted_columns(text, jsonb, text) IS
    'Internal: an export''s encrypted columns decrypted with the caller''s unlocked keys, else refused or marked; never ciphertext';
