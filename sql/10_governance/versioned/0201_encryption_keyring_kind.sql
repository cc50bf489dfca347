-- The kind of an entry in the session's keyring (pg_temp.governance_unlocked_keys), as a
-- type that only pg-governance's owner may use. A role of the session that creates its
-- own table of that name first (to receive the keys, or to plant keys of its own) cannot
-- give it a column of this type: CREATE TABLE, CREATE VIEW, ALTER TABLE and CREATE TYPE
-- all require USAGE on every column type. The hot paths of encrypt and decrypt compare
-- the kind column with a value of this type; against a planted table that comparison
-- does not even plan (there is no operator between its type and ours), so the keys it
-- holds are never read. This is what lets the per-value lookup skip an owner check in
-- pg_class (which cost more than the lookup itself).
CREATE TYPE governance.encryption_keyring_kind AS ENUM ('kek', 'encrypt', 'decrypt', 'index');
REVOKE USAGE ON TYPE governance.encryption_keyring_kind FROM PUBLIC;
COMMENT ON TYPE governance.encryption_keyring_kind IS
    'Internal: kind of an unlocked key in the session keyring; usable by pg-governance''s owner only';

-- The loaders now return the key and leave caching to their callers (encrypt_column
-- takes its key once per batch without caching it); decrypt's loader takes the header.
DROP FUNCTION IF EXISTS governance.encryption_load_for_encrypt(text, text, bytea, text);
DROP FUNCTION IF EXISTS governance.encryption_load_for_decrypt(text, bigint, text);
