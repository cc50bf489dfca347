-- One value moved to the newest version of its key, same subject key and context.
-- Needs both privileges on the key: it decrypts, then encrypts.
CREATE OR REPLACE FUNCTION governance.encryption_reencrypt_value(ciphertext bytea, context text)
RETURNS bytea
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    plain bytea := governance.encryption_decrypt('governance.reencrypt', ciphertext, context, false);
    dk    record;
BEGIN
    SELECT k.name, d.subject_hash INTO dk
      FROM governance.data_keys d JOIN governance.keys k ON k.id = d.key_id
     WHERE d.id = governance.encryption_header_field(ciphertext, 11, 8);
    RETURN governance.encryption_encrypt('governance.reencrypt', plain, pg_catalog.get_byte(ciphertext, 1) & 1 <> 0,
                                         dk.name, NULL, context, dk.subject_hash);
END
$$;

COMMENT ON FUNCTION governance.encryption_reencrypt_value(bytea, text) IS
    'Internal: re-encrypts one value under the current version of its key';
