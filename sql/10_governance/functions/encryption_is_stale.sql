-- True for a ciphertext under an older version of its key whose data key still exists
-- (a shredded subject's values stay as they are: nobody can read them anyway). Called
-- per row by reencrypt and encryption_backlog: the header is decoded in place and each
-- lookup is by primary key.
CREATE OR REPLACE FUNCTION governance.encryption_is_stale(ciphertext bytea)
RETURNS boolean
LANGUAGE plpgsql STABLE
AS $$
BEGIN
    IF ciphertext IS NULL OR pg_catalog.length(ciphertext) < 82 OR pg_catalog.get_byte(ciphertext, 0) <> 225 THEN
        RETURN false;
    END IF;
    RETURN EXISTS (SELECT 1 FROM governance.keys k
                    WHERE k.id = governance.encryption_header_field(ciphertext, 3, 4)
                      AND k.current_version > governance.encryption_header_field(ciphertext, 7, 4))
       AND NOT EXISTS (SELECT 1 FROM governance.data_keys d
                        WHERE d.id = governance.encryption_header_field(ciphertext, 11, 8) AND d.shredded_at IS NOT NULL);
END
$$;

COMMENT ON FUNCTION governance.encryption_is_stale(bytea) IS
    'Internal: whether reencrypt still has to move a ciphertext';
