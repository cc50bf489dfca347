-- Kept from pg_read_all_data like the governance secrets (10_governance/policies/secrets_private.sql).
ALTER TABLE privacy.erasure_key ENABLE ROW LEVEL SECURITY;
