-- Cache miss of governance.encrypt (and the once-per-batch key of encrypt_column): checks
-- the master key, the key and the caller's grant, finds (or, for a new subject, creates)
-- the data key of the current version and unwraps it. The caller decides whether to keep
-- it in the keyring.
CREATE OR REPLACE FUNCTION governance.encryption_load_for_encrypt(
    fn text, key_name text, subject_hash bytea, invoker text,
    OUT header bytea, OUT enc_key bytea, OUT mac_key bytea, OUT key_id integer, OUT data_key_id bigint)
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    kek       record := governance.encryption_kek(fn);
    k_version integer;
    wrapped   bytea;
    plain     bytea;
BEGIN
    SELECT k.id, k.current_version INTO key_id, k_version
      FROM governance.keys k WHERE k.name = encryption_load_for_encrypt.key_name;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'undefined_object',
            MESSAGE = pg_catalog.format('%s: no encryption key named %L', fn, key_name),
            HINT = 'Create it with governance.create_key(name).';
    END IF;
    IF NOT governance.encryption_authorised(key_id, 'encrypt', invoker) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = pg_catalog.format('%s: role %I may not encrypt with key %L', fn, invoker, key_name),
            HINT = 'An administrator grants it with governance.grant_key(key_name, role).';
    END IF;

    -- The shared key of a version exists from create_key/rotate_key on; a subject's key is
    -- created on its first value. Two sessions may race to create it: the loser's insert
    -- waits, then conflicts, and the loser reads the winner's key.
    FOR attempt IN 1..2 LOOP
        SELECT d.id, d.wrapped INTO data_key_id, wrapped
          FROM governance.data_keys d
         WHERE d.key_id = encryption_load_for_encrypt.key_id AND d.version = k_version
           AND d.subject_hash = encryption_load_for_encrypt.subject_hash;
        EXIT WHEN FOUND;
        PERFORM governance.encryption_new_data_key(key_id, k_version, subject_hash, kek.enc_key, kek.mac_key);
    END LOOP;

    plain := governance.encryption_unwrap(fn, wrapped, governance.encryption_wrap_aad(key_id, k_version, subject_hash),
                                          kek.enc_key, kek.mac_key);
    enc_key := pg_catalog.substr(plain, 1, 32);
    mac_key := pg_catalog.substr(plain, 33);
    header := pg_catalog.int4send(key_id) || pg_catalog.int4send(k_version) || pg_catalog.int8send(data_key_id);
END
$$;

COMMENT ON FUNCTION governance.encryption_load_for_encrypt(text, text, bytea, text) IS
    'Internal: the current data key of a key (and subject), unwrapped after the grant check';
