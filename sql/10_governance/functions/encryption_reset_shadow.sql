-- While encrypt_column converts a table, an application update of the plaintext column
-- empties its ciphertext column, so the next batch encrypts the new value again rather
-- than keeping a ciphertext of the old one. TG_ARGV[0] names the ciphertext column.
-- Runs as the updating role; it uses built-ins only.
CREATE OR REPLACE FUNCTION governance.encryption_reset_shadow()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    NEW := pg_catalog.jsonb_populate_record(NEW, pg_catalog.jsonb_build_object(TG_ARGV[0], NULL));
    RETURN NEW;
END
$$;

COMMENT ON FUNCTION governance.encryption_reset_shadow() IS
    'Internal: trigger that invalidates the ciphertext of a row whose plaintext changed during encrypt_column';
