-- Drops the decrypted view encrypt_column made for a table, if any (before the table
-- changes shape; encryption_refresh_view makes it again).
CREATE OR REPLACE FUNCTION governance.encryption_drop_view(tbl regclass)
RETURNS void
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    existing text := (SELECT ec.view_name FROM governance.encrypted_columns ec
                       WHERE ec.table_name = tbl AND ec.view_name IS NOT NULL LIMIT 1);
BEGIN
    IF existing IS NOT NULL THEN
        -- view_name was made with format('%I.%I'): it is a quoted identifier, not input.
        EXECUTE pg_catalog.format('DROP VIEW IF EXISTS %s', existing);
    END IF;
END
$$;

COMMENT ON FUNCTION governance.encryption_drop_view(regclass) IS 'Internal: drops a table''s decrypted view';
