-- governance.settings is written by governance.set_setting and the pack's owner only: a
-- role that may write every table (pg_write_all_data) must not redirect, for instance,
-- the lineage namespace. With a policy for SELECT only it finds no row to change.
ALTER TABLE governance.settings ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS settings_read ON governance.settings;
CREATE POLICY settings_read ON governance.settings FOR SELECT USING (true);
