-- Unwraps a stored key with the key-encryption key. A failure means the key tables were
-- altered (or the verifier and the keys disagree): never silently wrong key material.
CREATE OR REPLACE FUNCTION governance.encryption_unwrap(fn text, wrapped bytea, aad bytea, kek_enc bytea, kek_mac bytea)
RETURNS bytea
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    plain bytea := governance.encryption_open(wrapped, 0, kek_enc, kek_mac, aad);
BEGIN
    IF plain IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'data_corrupted',
            MESSAGE = fn || ': a stored key failed authentication under the master key',
            HINT = 'governance.data_keys or governance.keys was modified outside pg-governance; restore it from a backup.';
    END IF;
    RETURN plain;
END
$$;

COMMENT ON FUNCTION governance.encryption_unwrap(text, bytea, bytea, bytea, bytea) IS
    'Internal: authenticated unwrapping of a data or index key';
