-- Re-wraps every data key and blind-index key under a new master key, in one transaction,
-- and makes it the only one unlock accepts. Needs the current master key unlocked.
-- After it commits, destroying the old master key in the KMS makes older backups'
-- key tables (and so their ciphertexts) unreadable: the way to reach backups after a
-- crypto-shredding. Returns how many keys were re-wrapped.
CREATE OR REPLACE FUNCTION governance.rotate_master_key(new_master_key text)
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    old_kek  record := governance.encryption_kek('governance.rotate_master_key');
    new_kek  record := governance.encryption_master_kek('governance.rotate_master_key', new_master_key);
    data     integer;
    indexes  integer;
BEGIN
    UPDATE governance.data_keys d
       SET wrapped = governance.encryption_seal(''::bytea,
               governance.encryption_unwrap('governance.rotate_master_key', d.wrapped,
                   governance.encryption_wrap_aad(d.key_id, d.version, d.subject_hash), old_kek.enc_key, old_kek.mac_key),
               new_kek.enc_key, new_kek.mac_key, governance.encryption_wrap_aad(d.key_id, d.version, d.subject_hash))
     WHERE d.wrapped IS NOT NULL;
    GET DIAGNOSTICS data = ROW_COUNT;
    UPDATE governance.keys k
       SET index_key = governance.encryption_seal(''::bytea,
               governance.encryption_unwrap('governance.rotate_master_key', k.index_key,
                   governance.encryption_index_aad(k.name), old_kek.enc_key, old_kek.mac_key),
               new_kek.enc_key, new_kek.mac_key, governance.encryption_index_aad(k.name));
    GET DIAGNOSTICS indexes = ROW_COUNT;
    UPDATE governance.master_key_verifier
       SET verifier = governance.encryption_verifier(new_kek.mac_key), set_at = pg_catalog.now(),
           set_by = governance.current_actor();
    DELETE FROM pg_temp.governance_unlocked_keys;
    INSERT INTO pg_temp.governance_unlocked_keys (kind, enc_key, mac_key) VALUES ('kek', new_kek.enc_key, new_kek.mac_key);
    RETURN data + indexes;
END
$$;

COMMENT ON FUNCTION governance.rotate_master_key(text) IS
    'Re-wraps all keys under a new master key (pass it as a parameter); the old one is refused afterwards';

GRANT EXECUTE ON FUNCTION governance.rotate_master_key(text) TO governance_admin;
