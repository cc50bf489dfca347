-- subject_key: encrypt under a key of that data subject (created on first use), which
-- governance.shred_subject_keys can destroy. context: associated data bound into the MAC
-- (not stored): the same context must be passed to decrypt.
CREATE OR REPLACE FUNCTION governance.encrypt(
    plaintext text, key_name text, subject_key text DEFAULT NULL, context text DEFAULT NULL)
RETURNS bytea
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN governance.encryption_encrypt('governance.encrypt', pg_catalog.convert_to(plaintext, 'UTF8'), true,
                                         key_name, subject_key, context);
END
$$;

CREATE OR REPLACE FUNCTION governance.encrypt(
    plaintext bytea, key_name text, subject_key text DEFAULT NULL, context text DEFAULT NULL)
RETURNS bytea
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN governance.encryption_encrypt('governance.encrypt', plaintext, false, key_name, subject_key, context);
END
$$;

COMMENT ON FUNCTION governance.encrypt(text, text, text, text) IS
    'Authenticated encryption (AES-256-CBC + HMAC-SHA-256) of text under the current version of a key; NULL stays NULL';
COMMENT ON FUNCTION governance.encrypt(bytea, text, text, text) IS
    'Authenticated encryption (AES-256-CBC + HMAC-SHA-256) of bytes under the current version of a key; NULL stays NULL';

GRANT EXECUTE ON FUNCTION governance.encrypt(text, text, text, text), governance.encrypt(bytea, text, text, text)
    TO governance_admin, governance_dpo, governance_app;
