-- A fresh data key (64 random bytes: AES-256 key, then HMAC key), stored only wrapped
-- under the key-encryption key. Returns its id, or NULL when a concurrent transaction
-- created the same key first (the caller then reads that one).
CREATE OR REPLACE FUNCTION governance.encryption_new_data_key(
    key_id integer, version integer, subject_hash bytea, kek_enc bytea, kek_mac bytea)
RETURNS bigint
LANGUAGE sql VOLATILE
AS $$
    INSERT INTO governance.data_keys (key_id, version, subject_hash, wrapped)
    VALUES (key_id, version, subject_hash,
            governance.encryption_seal(''::bytea, governance.random_bytes(64), kek_enc, kek_mac,
                                       governance.encryption_wrap_aad(key_id, version, subject_hash)))
    ON CONFLICT ON CONSTRAINT data_keys_key_id_version_subject_hash_key DO NOTHING
    RETURNING id
$$;

COMMENT ON FUNCTION governance.encryption_new_data_key(integer, integer, bytea, bytea, bytea) IS
    'Internal: creates and wraps a random data key';
