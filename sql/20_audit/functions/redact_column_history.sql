-- A column that becomes protected (governance.encrypt_column) must not stay readable in
-- clear in the trail's history. The changes that hold a value of it in clear are
-- redacted with the lawful-redaction machinery (audit.redact): their stored values are
-- blanked, each keeps the hash of the values it had, so audit.verify_chain still passes,
-- and the redaction is an audit event naming the reason. The whole change is blanked, not
-- the one column: the chain covers a change's values as one hash, so a change with one
-- column masked and the others kept would have values no link vouches for (an owner
-- could rewrite them unseen). Keys, operations, changed columns, actors and times stay.
-- Values already stored as keyed hashes (the column was restricted when captured) are
-- not plaintext and are left alone. Returns the number of changes redacted.
CREATE OR REPLACE FUNCTION audit.redact_column_history(tbl regclass, col name, reason text)
RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    keys jsonb;
BEGIN
    SELECT pg_catalog.jsonb_agg(DISTINCT c.row_key) INTO keys
      FROM audit.changes c
     WHERE c.table_name = audit.qualified_name(tbl) AND c.values_hash IS NULL AND c.row_key IS NOT NULL
       AND EXISTS (SELECT 1 FROM (VALUES (c.old_values -> col), (c.new_values -> col)) v(value)
                    WHERE pg_catalog.jsonb_typeof(v.value) <> 'null'
                      AND NOT pg_catalog.starts_with(v.value #>> '{}', 'hmac-sha256:'));
    IF keys IS NULL THEN
        RETURN 0;
    END IF;
    RETURN audit.redact(tbl, keys, reason);
END
$$;

COMMENT ON FUNCTION audit.redact_column_history(regclass, name, text) IS
    'Internal: redacts (audit.redact) every change of a table that holds a column''s value in clear, when the column becomes protected';
