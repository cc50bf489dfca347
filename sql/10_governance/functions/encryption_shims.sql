-- AES-256-CBC through pgcrypto, wherever it is installed (see crypto_shims.sql for why
-- these bind by schema). The encryption module authenticates everything it encrypts with
-- HMAC-SHA-256 (encrypt-then-MAC), so these are never used without a MAC check.
DO $shims$
DECLARE
    crypto_schema name := (
        SELECT n.nspname
          FROM pg_catalog.pg_extension e
          JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
         WHERE e.extname = 'pgcrypto');
BEGIN
    EXECUTE pg_catalog.format($f$
        CREATE OR REPLACE FUNCTION governance.aes_cbc_encrypt(data bytea, key bytea, iv bytea)
        RETURNS bytea LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS 'SELECT %1$I.encrypt_iv($1, $2, $3, ''aes-cbc/pad:pkcs'')'
    $f$, crypto_schema);

    EXECUTE pg_catalog.format($f$
        CREATE OR REPLACE FUNCTION governance.aes_cbc_decrypt(data bytea, key bytea, iv bytea)
        RETURNS bytea LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS 'SELECT %1$I.decrypt_iv($1, $2, $3, ''aes-cbc/pad:pkcs'')'
    $f$, crypto_schema);
END
$shims$;

COMMENT ON FUNCTION governance.aes_cbc_encrypt(bytea, bytea, bytea) IS
    'Internal: AES-CBC with PKCS#7 padding (AES-256 with a 32-byte key) through pgcrypto';
COMMENT ON FUNCTION governance.aes_cbc_decrypt(bytea, bytea, bytea) IS
    'Internal: inverse of aes_cbc_encrypt; only called after the MAC was verified';
-- No grants: only the encryption module's definer-rights functions call these.
