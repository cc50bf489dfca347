-- compliance.checks holds each check's query, which compliance.snapshot runs with the
-- owner's rights. Only that owner (the installer, through compliance.register_check) may
-- write the table: with row-level security on and a policy for SELECT only, a role that
-- may write every table (pg_write_all_data, or a grant made by mistake) finds no row to
-- update or delete and may insert none, so it cannot plant SQL for the owner to run.
-- Readers with SELECT see every row; the owner is exempt from RLS.
ALTER TABLE compliance.checks ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS checks_read ON compliance.checks;
CREATE POLICY checks_read ON compliance.checks FOR SELECT USING (true);

-- The same for the mappings of checks to further frameworks.
ALTER TABLE compliance.check_mappings ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS check_mappings_read ON compliance.check_mappings;
CREATE POLICY check_mappings_read ON compliance.check_mappings FOR SELECT USING (true);
