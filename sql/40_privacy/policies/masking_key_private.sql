-- Kept from pg_read_all_data like the governance secrets (10_governance/policies/secrets_private.sql).
ALTER TABLE privacy.masking_key ENABLE ROW LEVEL SECURITY;
