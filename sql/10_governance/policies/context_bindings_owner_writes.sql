-- governance.context_bindings says which actors and tenants a role may claim: a row
-- written by anyone but the owner's definer functions (bind_context, allow_any_context,
-- unbind_context) would make its writer a gateway. With row-level security on and a
-- policy for SELECT only, a role that may write every table (pg_write_all_data, or a
-- grant made by mistake) finds no row to update or delete and may insert none. Readers
-- with SELECT see every row; the owner is exempt from RLS.
ALTER TABLE governance.context_bindings ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS context_bindings_read ON governance.context_bindings;
CREATE POLICY context_bindings_read ON governance.context_bindings FOR SELECT USING (true);
