-- The first key ever created also records the master key's verifier: from then on,
-- unlock refuses any other master key.
CREATE OR REPLACE FUNCTION governance.create_key(name text)
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    kek    record := governance.encryption_kek('governance.create_key');
    new_id integer;
BEGIN
    IF name IS NULL OR name !~ '^[a-z][a-z0-9_.-]{0,62}$' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('governance.create_key: invalid key name %L', name),
            HINT = 'Use lower-case letters, digits, _ . - (starting with a letter, at most 63).';
    END IF;
    IF EXISTS (SELECT 1 FROM governance.keys k WHERE k.name = create_key.name) THEN
        RAISE EXCEPTION USING ERRCODE = 'duplicate_object',
            MESSAGE = pg_catalog.format('governance.create_key: key %L already exists', name),
            HINT = 'Use governance.rotate_key to add a version.';
    END IF;
    INSERT INTO governance.master_key_verifier (verifier, set_by)
    VALUES (governance.encryption_verifier(kek.mac_key), governance.current_actor())
    ON CONFLICT (singleton) DO NOTHING;

    INSERT INTO governance.keys (name, index_key, created_by)
    VALUES (name, governance.encryption_seal(''::bytea, governance.random_bytes(32), kek.enc_key, kek.mac_key,
                                             governance.encryption_index_aad(name)),
            governance.current_actor())
    RETURNING id INTO new_id;
    PERFORM governance.encryption_new_data_key(new_id, 1, ''::bytea, kek.enc_key, kek.mac_key);
    RETURN new_id;
END
$$;

COMMENT ON FUNCTION governance.create_key(text) IS
    'Creates a named data key (version 1), stored wrapped under the master key; needs governance.unlock';

GRANT EXECUTE ON FUNCTION governance.create_key(text) TO governance_admin;
