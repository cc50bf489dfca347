-- Inverse of encryption_seal. Returns NULL when the MAC does not match (tampered,
-- truncated, another key, another context): callers raise, naming themselves. Nothing is
-- decrypted before the MAC is verified.
CREATE OR REPLACE FUNCTION governance.encryption_open(
    sealed bytea, header_length integer, enc_key bytea, mac_key bytea, aad bytea)
RETURNS bytea
LANGUAGE plpgsql IMMUTABLE
AS $$
DECLARE
    body_length integer := pg_catalog.length(sealed) - 32;
    body        bytea;
BEGIN
    IF body_length < header_length + 32 OR (body_length - header_length) % 16 <> 0 THEN
        RETURN NULL;
    END IF;
    body := pg_catalog.substr(sealed, 1, body_length);
    IF governance.hmac_sha256(body || aad || pg_catalog.int4send(pg_catalog.length(aad)), mac_key)
       <> pg_catalog.substr(sealed, body_length + 1) THEN
        RETURN NULL;
    END IF;
    RETURN governance.aes_cbc_decrypt(pg_catalog.substr(body, header_length + 17), enc_key,
                                      pg_catalog.substr(body, header_length + 1, 16));
END
$$;

COMMENT ON FUNCTION governance.encryption_open(bytea, integer, bytea, bytea, bytea) IS
    'Internal: verifies the MAC of a sealed value, then decrypts it; NULL when authentication fails';
