-- The body of both governance.encrypt overloads (and of reencrypt, which names the
-- subject by its hash). The hot path is one lookup in the keyring (data key already
-- unwrapped for this role in this transaction) and one seal. NULL stays NULL.
-- Ciphertext header (18 bytes, authenticated by the MAC):
--   0xE1 | flags (1 text, 2 bound to a context, 4 per-subject key) | key id (int4)
--   | key version (int4) | data key id (int8)
CREATE OR REPLACE FUNCTION governance.encryption_encrypt(
    fn text, plaintext bytea, is_text boolean, key_name text, subject_key text, context text,
    subject_hash bytea DEFAULT NULL)
RETURNS bytea
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    caller      text := governance.encryption_invoker();
    header      bytea;
    enc_key     bytea;
    mac_key     bytea;
BEGIN
    IF plaintext IS NULL THEN
        RETURN NULL;
    END IF;
    subject_hash := COALESCE(subject_hash, CASE WHEN subject_key IS NULL THEN ''::bytea
                                                ELSE governance.encryption_subject_key_hash(fn, subject_key) END);
    IF key_name IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed', MESSAGE = fn || ': key_name is required';
    END IF;
    -- The keyring's owner is checked in the same query: a table of that name planted by
    -- another role of this session must not supply keys.
    IF pg_catalog.to_regclass('pg_temp.governance_keyring') IS NOT NULL THEN
        SELECT kr.header, kr.enc_key, kr.mac_key INTO header, enc_key, mac_key
          FROM pg_temp.governance_keyring kr
         WHERE kr.kind = 'encrypt' AND kr.key_name = encryption_encrypt.key_name
           AND kr.subject_hash = encryption_encrypt.subject_hash AND kr.invoker = caller
           AND (SELECT c.relowner FROM pg_catalog.pg_class c
                 WHERE c.oid = 'pg_temp.governance_keyring'::regclass) = CURRENT_USER::regrole::oid;
    END IF;
    IF enc_key IS NULL THEN
        SELECT l.header, l.enc_key, l.mac_key INTO header, enc_key, mac_key
          FROM governance.encryption_load_for_encrypt(fn, key_name, subject_hash, caller) l;
    END IF;
    RETURN governance.encryption_seal(
        pg_catalog.set_byte('\xe100'::bytea, 1,
                            CASE WHEN is_text THEN 1 ELSE 0 END
                            + CASE WHEN context IS NULL THEN 0 ELSE 2 END
                            + CASE WHEN subject_hash = '' THEN 0 ELSE 4 END)
            || header,
        plaintext, enc_key, mac_key,
        CASE WHEN context IS NULL THEN ''::bytea ELSE pg_catalog.convert_to(context, 'UTF8') END);
END
$$;

COMMENT ON FUNCTION governance.encryption_encrypt(text, bytea, boolean, text, text, text, bytea) IS
    'Internal: authenticated encryption under the current version of a key, for the calling role';
