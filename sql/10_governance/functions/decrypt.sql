-- decrypt(ciphertext) as in DESIGN.md; decrypt(ciphertext, context) for values bound to a
-- context (associated data) by encrypt(..., context).
CREATE OR REPLACE FUNCTION governance.decrypt(ciphertext bytea)
RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
BEGIN
    RETURN pg_catalog.convert_from(governance.encryption_decrypt('governance.decrypt', ciphertext, NULL, true), 'UTF8');
END
$$;

CREATE OR REPLACE FUNCTION governance.decrypt(ciphertext bytea, context text)
RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
BEGIN
    RETURN pg_catalog.convert_from(governance.encryption_decrypt('governance.decrypt', ciphertext, context, true), 'UTF8');
END
$$;

COMMENT ON FUNCTION governance.decrypt(bytea) IS
    'Verifies and decrypts a ciphertext of governance.encrypt(text, ...); the key comes from its header; NULL stays NULL';
COMMENT ON FUNCTION governance.decrypt(bytea, text) IS
    'Verifies and decrypts a ciphertext of governance.encrypt(text, ...) bound to a context; NULL stays NULL';

GRANT EXECUTE ON FUNCTION governance.decrypt(bytea), governance.decrypt(bytea, text)
    TO governance_admin, governance_dpo, governance_app;
