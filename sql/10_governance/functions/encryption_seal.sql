-- The one authenticated-encryption construction of the module (encrypt-then-MAC):
--   header || iv || AES-256-CBC(plaintext) || HMAC-SHA-256(header || iv || ct || aad || len(aad))
-- The header (format, flags, key id, version, data key id) is authenticated, so it cannot
-- be altered to point at another key; the associated data is bound but not stored, and
-- its length is appended so that bytes cannot slide between ciphertext and context.
-- Internal and without a SET clause (it costs a microsecond per call): it runs only inside
-- the definer-rights functions, under their pinned search_path.
CREATE OR REPLACE FUNCTION governance.encryption_seal(
    header bytea, plaintext bytea, enc_key bytea, mac_key bytea, aad bytea)
RETURNS bytea
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    iv   bytea := governance.random_bytes(16);
    body bytea := header || iv || governance.aes_cbc_encrypt(plaintext, enc_key, iv);
BEGIN
    RETURN body || governance.hmac_sha256(body || aad || pg_catalog.int4send(pg_catalog.length(aad)), mac_key);
END
$$;

COMMENT ON FUNCTION governance.encryption_seal(bytea, bytea, bytea, bytea, bytea) IS
    'Internal: encrypt-then-MAC (AES-256-CBC, HMAC-SHA-256) of a plaintext behind an authenticated header';
