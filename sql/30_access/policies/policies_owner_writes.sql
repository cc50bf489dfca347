-- access.policies holds the SQL compiled from each policy, which access.explain runs and
-- access.compile_policies builds into access.decide, with the owner's rights. Only that
-- owner (create_policy, drop_policy) may write the table: with row-level security on and
-- a policy for SELECT only, a role that may write every table (pg_write_all_data, or a
-- grant made by mistake) finds no row to update or delete and may insert none, so it
-- cannot plant SQL for the owner to run. Readers with SELECT see every row; the owner is
-- exempt from RLS.
ALTER TABLE access.policies ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS policies_read ON access.policies;
CREATE POLICY policies_read ON access.policies FOR SELECT USING (true);
