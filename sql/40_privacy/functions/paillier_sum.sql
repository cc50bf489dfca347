-- Additive homomorphic sums in the database, without any private key: the product of
-- Paillier ciphertexts modulo n^2 encrypts the sum of their plaintexts. Every ciphertext is
-- checked against the public key it is summed under (key id, range), so mixing keys is
-- refused instead of producing a total that decrypts to garbage.

CREATE OR REPLACE FUNCTION privacy.paillier_key_id(public_key numeric)
RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT pg_catalog.substr(pg_catalog.sha256(pg_catalog.convert_to(public_key::text, 'UTF8')), 1, 16) $$;

COMMENT ON FUNCTION privacy.paillier_key_id(numeric) IS
    'Id of a Paillier public key (modulus n): the first 16 bytes of SHA-256 of n in decimal';

CREATE OR REPLACE FUNCTION privacy.paillier_add(total privacy.paillier_ciphertext, ciphertext privacy.paillier_ciphertext,
                                                public_key numeric)
RETURNS privacy.paillier_ciphertext
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n_squared numeric;
BEGIN
    IF ciphertext IS NULL THEN
        RETURN total;  -- like sum(), NULLs are skipped
    END IF;
    IF public_key IS NULL OR NOT public_key > 1 OR public_key <> pg_catalog.trunc(public_key) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'privacy.paillier_sum: the public key must be the modulus n, an integer above 1';
    END IF;
    n_squared := public_key * public_key;
    IF ciphertext.key_id IS DISTINCT FROM privacy.paillier_key_id(public_key) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'privacy.paillier_sum: a ciphertext was made under another key than the public key given',
            HINT = 'Sum ciphertexts of one key at a time (GROUP BY key_id).';
    END IF;
    IF NOT (ciphertext.c > 0 AND ciphertext.c < n_squared AND ciphertext.c = pg_catalog.trunc(ciphertext.c)) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'privacy.paillier_sum: a ciphertext is not an integer between 0 and n^2';
    END IF;
    IF total IS NULL THEN
        RETURN ciphertext;
    END IF;
    RETURN ROW(total.key_id, pg_catalog.mod(total.c * ciphertext.c, n_squared))::privacy.paillier_ciphertext;
END
$$;

COMMENT ON FUNCTION privacy.paillier_add(privacy.paillier_ciphertext, privacy.paillier_ciphertext, numeric) IS
    'Transition function of privacy.paillier_sum: multiplies a ciphertext into the running total modulo n^2';

CREATE OR REPLACE AGGREGATE privacy.paillier_sum(privacy.paillier_ciphertext, numeric) (
    SFUNC = privacy.paillier_add,
    STYPE = privacy.paillier_ciphertext
);

COMMENT ON AGGREGATE privacy.paillier_sum(privacy.paillier_ciphertext, numeric) IS
    'Sum of Paillier-encrypted values under one public key (modulus n), still encrypted: decrypt it client-side';

GRANT EXECUTE ON FUNCTION privacy.paillier_key_id(numeric),
                          privacy.paillier_add(privacy.paillier_ciphertext, privacy.paillier_ciphertext, numeric),
                          privacy.paillier_sum(privacy.paillier_ciphertext, numeric)
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
