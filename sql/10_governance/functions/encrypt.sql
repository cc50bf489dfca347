-- encrypt(plaintext, key_name) as in DESIGN.md, and encrypt(plaintext, key_name,
-- subject_key, context): subject_key (NULL: the shared key) encrypts under a key of that
-- data subject, created on first use, that governance.shred_subject_keys can destroy;
-- context is associated data bound into the MAC (not stored): decrypt needs the same.
-- Separate overloads rather than defaults, so that encrypt(text, text) exists as such.
CREATE OR REPLACE FUNCTION governance.encrypt(plaintext text, key_name text)
RETURNS bytea
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
BEGIN
    RETURN governance.encryption_encrypt('governance.encrypt', pg_catalog.convert_to(plaintext, 'UTF8'), true,
                                         key_name, NULL, NULL);
END
$$;

CREATE OR REPLACE FUNCTION governance.encrypt(plaintext bytea, key_name text)
RETURNS bytea
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
BEGIN
    RETURN governance.encryption_encrypt('governance.encrypt', plaintext, false, key_name, NULL, NULL);
END
$$;

CREATE OR REPLACE FUNCTION governance.encrypt(plaintext text, key_name text, subject_key text, context text DEFAULT NULL)
RETURNS bytea
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
BEGIN
    RETURN governance.encryption_encrypt('governance.encrypt', pg_catalog.convert_to(plaintext, 'UTF8'), true,
                                         key_name, subject_key, context);
END
$$;

CREATE OR REPLACE FUNCTION governance.encrypt(plaintext bytea, key_name text, subject_key text, context text DEFAULT NULL)
RETURNS bytea
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
BEGIN
    RETURN governance.encryption_encrypt('governance.encrypt', plaintext, false, key_name, subject_key, context);
END
$$;

COMMENT ON FUNCTION governance.encrypt(text, text) IS
    'Authenticated encryption (AES-256-CBC + HMAC-SHA-256) of text under the current version of a key; NULL stays NULL';
COMMENT ON FUNCTION governance.encrypt(bytea, text) IS
    'Authenticated encryption (AES-256-CBC + HMAC-SHA-256) of bytes under the current version of a key; NULL stays NULL';
COMMENT ON FUNCTION governance.encrypt(text, text, text, text) IS
    'encrypt(text, key) under a per-subject key (subject_key, NULL for the shared key) and/or bound to a context';
COMMENT ON FUNCTION governance.encrypt(bytea, text, text, text) IS
    'encrypt(bytea, key) under a per-subject key (subject_key, NULL for the shared key) and/or bound to a context';

GRANT EXECUTE ON FUNCTION governance.encrypt(text, text), governance.encrypt(bytea, text),
    governance.encrypt(text, text, text, text), governance.encrypt(bytea, text, text, text)
    TO governance_admin, governance_dpo, governance_app;
