-- The body of the governance.encrypt overloads (and of reencrypt, which names the
-- subject by its hash). The hot path, per value: one lookup in the keyring (data key
-- already unwrapped and its grant checked for this role in this transaction) and one
-- seal. On the first value of a key, subject and role in a transaction the loader checks
-- the grant and unwraps the key, and the result is cached in the keyring. NULL stays NULL.
CREATE OR REPLACE FUNCTION governance.encryption_encrypt(
    fn text, plaintext bytea, is_text boolean, key_name text, subject_key text, context text,
    subject_hash bytea DEFAULT NULL)
RETURNS bytea
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    caller  text;
    header  bytea;
    enc_key bytea;
    mac_key bytea;
    loaded  record;
BEGIN
    IF plaintext IS NULL THEN
        RETURN NULL;
    END IF;
    IF key_name IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed', MESSAGE = fn || ': key_name is required';
    END IF;
    IF subject_hash IS NULL THEN
        subject_hash := CASE WHEN subject_key IS NULL THEN ''::bytea
                             ELSE governance.encryption_subject_key_hash(fn, subject_key) END;
    END IF;
    caller := governance.encryption_invoker();
    -- The typed kind is the keyring's owner check (see encryption_keyring): a table of
    -- that name planted by another role of the session cannot be read by this query.
    IF pg_catalog.to_regclass('pg_temp.governance_unlocked_keys') IS NOT NULL THEN
        SELECT kr.header, kr.enc_key, kr.mac_key INTO header, enc_key, mac_key
          FROM pg_temp.governance_unlocked_keys kr
         WHERE kr.kind OPERATOR(pg_catalog.=) 'encrypt'::governance.encryption_keyring_kind
           AND kr.key_name OPERATOR(pg_catalog.=) encryption_encrypt.key_name
           AND kr.subject_hash OPERATOR(pg_catalog.=) encryption_encrypt.subject_hash
           AND kr.invoker OPERATOR(pg_catalog.=) caller;
    END IF;
    IF enc_key IS NULL THEN
        loaded := governance.encryption_load_for_encrypt(fn, key_name, subject_hash, caller);
        header := loaded.header;
        enc_key := loaded.enc_key;
        mac_key := loaded.mac_key;
        INSERT INTO pg_temp.governance_unlocked_keys (kind, invoker, key_name, subject_hash, key_id, data_key_id, header, enc_key, mac_key)
        VALUES ('encrypt', caller, key_name, subject_hash, loaded.key_id, loaded.data_key_id, header, enc_key, mac_key);
    END IF;
    RETURN governance.encryption_seal(
        governance.encryption_header(header, is_text, context IS NOT NULL, subject_hash <> ''),
        plaintext, enc_key, mac_key,
        CASE WHEN context IS NULL THEN ''::bytea ELSE pg_catalog.convert_to(context, 'UTF8') END);
END
$$;

COMMENT ON FUNCTION governance.encryption_encrypt(text, bytea, boolean, text, text, text, bytea) IS
    'Internal: authenticated encryption under the current version of a key, for the calling role';
