-- Cache miss of governance.decrypt: the data key a ciphertext's header names (key id,
-- version, data key id: bytes 3 to 18), unwrapped after checking the master key and the
-- caller's grant. The caller keeps it in the keyring.
CREATE OR REPLACE FUNCTION governance.encryption_load_for_decrypt(
    fn text, ciphertext bytea, invoker text,
    OUT header bytea, OUT enc_key bytea, OUT mac_key bytea, OUT audited boolean,
    OUT key_name text, OUT key_id integer, OUT data_key_id bigint)
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    kek   record := governance.encryption_kek(fn);
    dk    record;
    plain bytea;
BEGIN
    header := pg_catalog.substr(ciphertext, 3, 16);
    data_key_id := governance.encryption_header_field(ciphertext, 11, 8);
    SELECT d.key_id, d.version, d.subject_hash, d.wrapped, d.shredded_at, k.name, k.audit_decryption
      INTO dk
      FROM governance.data_keys d JOIN governance.keys k ON k.id = d.key_id
     WHERE d.id = data_key_id;
    -- The key id and version in the header must be those of the data key (the MAC would
    -- refuse a mismatch later; refusing it here keeps such a header out of the keyring).
    IF NOT FOUND OR header <> pg_catalog.int4send(dk.key_id) || pg_catalog.int4send(dk.version) || pg_catalog.int8send(data_key_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'data_exception',
            MESSAGE = pg_catalog.format('%s: the ciphertext names data key %s, which this database does not have', fn, data_key_id),
            HINT = 'It was encrypted in another database, or its header was altered.';
    END IF;
    IF dk.shredded_at IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found',
            MESSAGE = pg_catalog.format('%s: the subject key of this ciphertext was destroyed (crypto-shredded) at %s; the value cannot be recovered',
                                        fn, dk.shredded_at);
    END IF;
    IF NOT governance.encryption_authorised(dk.key_id, 'decrypt', invoker) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = pg_catalog.format('%s: role %I may not decrypt with key %L', fn, invoker, dk.name),
            HINT = 'An administrator grants it with governance.grant_key(key_name, role).';
    END IF;

    plain := governance.encryption_unwrap(fn, dk.wrapped, governance.encryption_wrap_aad(dk.key_id, dk.version, dk.subject_hash),
                                          kek.enc_key, kek.mac_key);
    enc_key := pg_catalog.substr(plain, 1, 32);
    mac_key := pg_catalog.substr(plain, 33);
    audited := dk.audit_decryption;
    key_name := dk.name;
    key_id := dk.key_id;
END
$$;

COMMENT ON FUNCTION governance.encryption_load_for_decrypt(text, bytea, text) IS
    'Internal: the data key named by a ciphertext''s header, unwrapped after the grant check';
