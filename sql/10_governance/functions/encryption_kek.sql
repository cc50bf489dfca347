-- The key-encryption key put in the keyring by governance.unlock() in this transaction.
-- Without it nothing can be encrypted or decrypted: the error names the calling function.
CREATE OR REPLACE FUNCTION governance.encryption_kek(fn text, OUT enc_key bytea, OUT mac_key bytea)
LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
    IF governance.encryption_keyring(false) THEN
        SELECT kr.enc_key, kr.mac_key INTO enc_key, mac_key
          FROM pg_temp.governance_unlocked_keys kr WHERE kr.kind = 'kek';
    END IF;
    IF enc_key IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state',
            MESSAGE = fn || ': encryption is locked: no master key was supplied in this transaction',
            HINT = 'Call governance.unlock(master_key) in the same transaction, passing the key as a query parameter.';
    END IF;
END
$$;

COMMENT ON FUNCTION governance.encryption_kek(text) IS
    'Internal: the key-encryption key unlocked in this transaction, or a clear error';
