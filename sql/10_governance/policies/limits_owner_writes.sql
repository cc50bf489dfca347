-- governance.limits bounds what one call may cost the server; a role that may write every
-- table (pg_write_all_data) must not raise them. With row-level security on and a policy
-- for SELECT only, it finds no row to change and may insert none; the owner is exempt.
ALTER TABLE governance.limits ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS limits_read ON governance.limits;
CREATE POLICY limits_read ON governance.limits FOR SELECT USING (true);
