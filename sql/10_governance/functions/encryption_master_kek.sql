-- The key-encryption key (AES half, MAC half) derived from a master key. A plain HMAC derivation, with no key
-- stretching: the master key must be a high-entropy secret from a KMS, not a password.
CREATE OR REPLACE FUNCTION governance.encryption_master_kek(
    fn text, master_key text, OUT enc_key bytea, OUT mac_key bytea)
LANGUAGE plpgsql IMMUTABLE
AS $$
BEGIN
    IF master_key IS NULL OR pg_catalog.length(master_key) < 32 THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = fn || ': the master key must be a secret of at least 32 characters',
            HINT = 'Use 32 random bytes from your KMS or secret store, hex or base64 encoded.';
    END IF;
    enc_key := governance.hmac_sha256('\x6b656b20656e6372797074696f6e'::bytea, pg_catalog.convert_to(master_key, 'UTF8'));
    mac_key := governance.hmac_sha256('\x6b656b2061757468656e7469636174696f6e'::bytea, pg_catalog.convert_to(master_key, 'UTF8'));
END
$$;

COMMENT ON FUNCTION governance.encryption_master_kek(text, text) IS
    'Internal: key-encryption key derived from a master key (never stored)';
