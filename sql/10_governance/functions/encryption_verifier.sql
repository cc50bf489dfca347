-- Tells the right master key from a wrong one (stored in governance.master_key_verifier).
-- It is an HMAC under a key derived from the master key: checking a guess needs the
-- guess, so it only helps against a weak master key (unlock wants 32+ characters).
CREATE OR REPLACE FUNCTION governance.encryption_verifier(kek_mac bytea)
RETURNS bytea
LANGUAGE sql IMMUTABLE
AS $$ SELECT governance.hmac_sha256('\x6d6173746572206b6579207665726966696572'::bytea, kek_mac) $$;

COMMENT ON FUNCTION governance.encryption_verifier(bytea) IS
    'Internal: verifier of the master key';
