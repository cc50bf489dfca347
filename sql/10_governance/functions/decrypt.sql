CREATE OR REPLACE FUNCTION governance.decrypt(ciphertext bytea, context text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    plain bytea;
BEGIN
    IF ciphertext IS NULL THEN
        RETURN NULL;
    END IF;
    plain := governance.encryption_decrypt('governance.decrypt', ciphertext, context);
    IF pg_catalog.get_byte(ciphertext, 1) & 1 = 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'governance.decrypt: the ciphertext holds bytes, not text',
            HINT = 'Use governance.decrypt_bytea.';
    END IF;
    RETURN pg_catalog.convert_from(plain, 'UTF8');
END
$$;

COMMENT ON FUNCTION governance.decrypt(bytea, text) IS
    'Verifies and decrypts a ciphertext of governance.encrypt(text, ...); the key comes from its header; NULL stays NULL';

GRANT EXECUTE ON FUNCTION governance.decrypt(bytea, text) TO governance_admin, governance_dpo, governance_app;
