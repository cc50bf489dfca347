-- True for a ciphertext under an older version of its key whose data key still exists
-- (a shredded subject's values stay as they are: nobody can read them anyway).
CREATE OR REPLACE FUNCTION governance.encryption_is_stale(ciphertext bytea)
RETURNS boolean
LANGUAGE sql STABLE
AS $$
    SELECT EXISTS (
        SELECT FROM governance.ciphertext_info(ciphertext) i
          JOIN governance.keys k ON k.name = i.key_name
         WHERE i.version < k.current_version AND NOT i.key_destroyed)
$$;

COMMENT ON FUNCTION governance.encryption_is_stale(bytea) IS
    'Internal: whether reencrypt still has to move a ciphertext';
