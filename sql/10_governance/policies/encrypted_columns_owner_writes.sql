-- governance.encrypted_columns holds a view name and a type that encrypt_column and
-- encryption_drop_view write into DDL with their owner's rights. Only that owner (its
-- definer functions) may write the table: with row-level security on and a policy for
-- SELECT only, a role that may write every table (pg_write_all_data, or a grant made by
-- mistake) finds no row to update or delete and may insert none, so it cannot plant SQL
-- for the owner to run. Readers with SELECT see every row; the owner is exempt from RLS.
ALTER TABLE governance.encrypted_columns ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS encrypted_columns_read ON governance.encrypted_columns;
CREATE POLICY encrypted_columns_read ON governance.encrypted_columns FOR SELECT USING (true);
