-- Secrets that no governance role may read are also kept from pg_read_all_data (and from
-- any role granted SELECT by mistake): row-level security without a policy shows them no
-- row, while the owner, whose definer-rights functions use them, is exempt. Superusers and
-- BYPASSRLS roles are not stopped (compliance check security.bypassrls_roles lists them).
ALTER TABLE governance.context_key ENABLE ROW LEVEL SECURITY;
ALTER TABLE governance.subject_pepper ENABLE ROW LEVEL SECURITY;
