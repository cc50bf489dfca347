-- Deterministic, keyed HMAC of a value for equality search beside its ciphertext
-- (WHERE ssn_index = governance.blind_index($1, 'ssn')). It leaks which rows hold equal
-- values, and anyone allowed to compute it can confirm guesses: see docs/encryption.md.
-- Its key belongs to the named key and does not rotate with the data key versions.
CREATE OR REPLACE FUNCTION governance.blind_index(value text, key_name text)
RETURNS bytea
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    caller    text := governance.encryption_invoker();
    index_key bytea;
    kek       record;
    k         record;
BEGIN
    IF value IS NULL THEN
        RETURN NULL;
    END IF;
    -- The typed kind is the keyring's owner check (see encryption_keyring).
    IF pg_catalog.to_regclass('pg_temp.governance_unlocked_keys') IS NOT NULL THEN
        SELECT kr.enc_key INTO index_key FROM pg_temp.governance_unlocked_keys kr
         WHERE kr.kind OPERATOR(pg_catalog.=) 'index'::governance.encryption_keyring_kind
           AND kr.key_name OPERATOR(pg_catalog.=) blind_index.key_name AND kr.invoker OPERATOR(pg_catalog.=) caller;
    END IF;
    IF index_key IS NULL THEN
        kek := governance.encryption_kek('governance.blind_index');
        SELECT ky.id, ky.index_key AS wrapped INTO k FROM governance.keys ky
         WHERE ky.id = governance.encryption_key_id('governance.blind_index', key_name);
        IF NOT (governance.encryption_authorised(k.id, 'encrypt', caller)
                OR governance.encryption_authorised(k.id, 'decrypt', caller)) THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                MESSAGE = pg_catalog.format('governance.blind_index: role %I may not use key %L', caller, key_name),
                HINT = 'An administrator grants it with governance.grant_key(key_name, role).';
        END IF;
        index_key := governance.encryption_unwrap('governance.blind_index', k.wrapped,
                                                  governance.encryption_index_aad(key_name), kek.enc_key, kek.mac_key);
        INSERT INTO pg_temp.governance_unlocked_keys (kind, invoker, key_name, key_id, enc_key)
        VALUES ('index', caller, key_name, k.id, index_key);
    END IF;
    RETURN governance.hmac_sha256(pg_catalog.convert_to(value, 'UTF8'), index_key);
END
$$;

COMMENT ON FUNCTION governance.blind_index(text, text) IS
    'Keyed HMAC-SHA-256 of a value for equality lookups on an encrypted column (deterministic: leaks equality)';

GRANT EXECUTE ON FUNCTION governance.blind_index(text, text) TO governance_admin, governance_dpo, governance_app;
