-- A grant lets privacy.read_phi and privacy.gdpr_export serve data. Only their owner's
-- functions write it: with row-level security on and a policy for SELECT only, a role
-- that may write every table (pg_write_all_data) can plant no grant (which would read
-- without a record) and change none. Readers with SELECT see every row.
ALTER TABLE privacy.disclosure_grants ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS disclosure_grants_read ON privacy.disclosure_grants;
CREATE POLICY disclosure_grants_read ON privacy.disclosure_grants FOR SELECT USING (true);
