CREATE OR REPLACE FUNCTION governance.decrypt_bytea(ciphertext bytea, context text DEFAULT NULL)
RETURNS bytea
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF ciphertext IS NULL THEN
        RETURN NULL;
    END IF;
    RETURN governance.encryption_decrypt('governance.decrypt_bytea', ciphertext, context);
END
$$;

COMMENT ON FUNCTION governance.decrypt_bytea(bytea, text) IS
    'Verifies and decrypts a ciphertext of governance.encrypt to bytes (text ciphertexts give their UTF-8 bytes); NULL stays NULL';

GRANT EXECUTE ON FUNCTION governance.decrypt_bytea(bytea, text) TO governance_admin, governance_dpo, governance_app;
