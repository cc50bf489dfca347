-- Bytes back: for ciphertexts of encrypt(bytea, ...); a text ciphertext gives its UTF-8 bytes.
CREATE OR REPLACE FUNCTION governance.decrypt_bytea(ciphertext bytea)
RETURNS bytea
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
BEGIN
    RETURN governance.encryption_decrypt('governance.decrypt_bytea', ciphertext, NULL, false);
END
$$;

CREATE OR REPLACE FUNCTION governance.decrypt_bytea(ciphertext bytea, context text)
RETURNS bytea
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
BEGIN
    RETURN governance.encryption_decrypt('governance.decrypt_bytea', ciphertext, context, false);
END
$$;

COMMENT ON FUNCTION governance.decrypt_bytea(bytea) IS
    'Verifies and decrypts a ciphertext of governance.encrypt to bytes; NULL stays NULL';
COMMENT ON FUNCTION governance.decrypt_bytea(bytea, text) IS
    'Verifies and decrypts a ciphertext bound to a context to bytes; NULL stays NULL';

GRANT EXECUTE ON FUNCTION governance.decrypt_bytea(bytea), governance.decrypt_bytea(bytea, text)
    TO governance_admin, governance_dpo, governance_app;
