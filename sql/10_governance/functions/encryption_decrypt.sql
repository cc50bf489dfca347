-- The body of governance.decrypt and decrypt_bytea: finds the key the header names in
-- the keyring (or loads it after the grant check), verifies the MAC over header,
-- ciphertext and context, and only then decrypts. NULL stays NULL.
-- want_text: the caller returns text, so a ciphertext of bytes is refused.
CREATE OR REPLACE FUNCTION governance.encryption_decrypt(fn text, ciphertext bytea, context text, want_text boolean)
RETURNS bytea
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    caller      text := governance.encryption_invoker();
    flags       integer;
    enc_key     bytea;
    mac_key     bytea;
    audited     boolean;
    plain       bytea;
    loaded      record;
BEGIN
    IF ciphertext IS NULL THEN
        RETURN NULL;
    END IF;
    IF pg_catalog.length(ciphertext) < 82 OR pg_catalog.get_byte(ciphertext, 0) <> 225 THEN
        RAISE EXCEPTION USING ERRCODE = 'data_exception',
            MESSAGE = fn || ': the value is not a pg-governance ciphertext',
            HINT = 'Ciphertexts are made by governance.encrypt; this one is too short or has no E1 format byte.';
    END IF;
    flags := pg_catalog.get_byte(ciphertext, 1);
    IF want_text AND flags & 1 = 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = fn || ': the ciphertext holds bytes, not text',
            HINT = 'Use governance.decrypt_bytea.';
    END IF;
    IF (flags & 2 <> 0) <> (context IS NOT NULL) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = fn || CASE WHEN context IS NULL
                                 THEN ': the ciphertext is bound to a context; pass the context it was encrypted with'
                                 ELSE ': the ciphertext was encrypted without a context; pass none' END;
    END IF;
    -- The hot path looks the key up by the header's key id, version and data key id as
    -- stored (bytes 3 to 18), so nothing is decoded per value. The typed kind is the
    -- keyring's owner check (see encryption_keyring).
    IF pg_catalog.to_regclass('pg_temp.governance_unlocked_keys') IS NOT NULL THEN
        SELECT kr.enc_key, kr.mac_key, kr.audited INTO enc_key, mac_key, audited
          FROM pg_temp.governance_unlocked_keys kr
         WHERE kr.kind OPERATOR(pg_catalog.=) 'decrypt'::governance.encryption_keyring_kind
           AND kr.header OPERATOR(pg_catalog.=) pg_catalog.substr(ciphertext, 3, 16)
           AND kr.invoker OPERATOR(pg_catalog.=) caller;
    END IF;
    IF enc_key IS NULL THEN
        loaded := governance.encryption_load_for_decrypt(fn, ciphertext, caller);
        enc_key := loaded.enc_key;
        mac_key := loaded.mac_key;
        audited := loaded.audited;
        INSERT INTO pg_temp.governance_unlocked_keys (kind, invoker, key_name, key_id, data_key_id, header, enc_key, mac_key, audited)
        VALUES ('decrypt', caller, loaded.key_name, loaded.key_id, loaded.data_key_id, loaded.header, enc_key, mac_key, audited);
    END IF;

    plain := governance.encryption_open(ciphertext, 18, enc_key, mac_key,
        CASE WHEN context IS NULL THEN ''::bytea ELSE pg_catalog.convert_to(context, 'UTF8') END);
    IF plain IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'data_exception',
            MESSAGE = fn || ': the ciphertext failed authentication: it was altered or truncated, or belongs to another row or context',
            HINT = 'Nothing was decrypted.';
    END IF;
    IF audited THEN
        PERFORM audit.log_event('decryption', fn, 'encryption_key', i.key_name,
            pg_catalog.jsonb_build_object('role', caller, 'data_key_id', i.data_key_id, 'version', i.version))
           FROM governance.ciphertext_info(ciphertext) i;
    END IF;
    RETURN plain;
END
$$;

COMMENT ON FUNCTION governance.encryption_decrypt(text, bytea, text, boolean) IS
    'Internal: verifies and decrypts a ciphertext for the calling role';
