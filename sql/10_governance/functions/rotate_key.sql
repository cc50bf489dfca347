-- Adds a version: new values are encrypted under it, old ones still decrypt (their
-- ciphertexts name their version) until governance.reencrypt moves them. Per-subject keys
-- of the new version are created when first used.
CREATE OR REPLACE FUNCTION governance.rotate_key(name text)
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    kek         record := governance.encryption_kek('governance.rotate_key');
    k_id        integer := governance.encryption_key_id('governance.rotate_key', name);
    new_version integer;
BEGIN
    UPDATE governance.keys k SET current_version = k.current_version + 1, rotated_at = pg_catalog.now()
     WHERE k.id = k_id
    RETURNING k.current_version INTO new_version;
    PERFORM governance.encryption_new_data_key(k_id, new_version, ''::bytea, kek.enc_key, kek.mac_key);
    -- Cached encryption keys of this transaction still point at the old version.
    DELETE FROM pg_temp.governance_unlocked_keys kr WHERE kr.kind = 'encrypt' AND kr.key_id = k_id;
    RETURN new_version;
END
$$;

COMMENT ON FUNCTION governance.rotate_key(text) IS
    'Adds a key version used for new values from now on; returns it. Old ciphertexts keep decrypting';

GRANT EXECUTE ON FUNCTION governance.rotate_key(text) TO governance_admin;
