-- Associated data of a wrapped blind-index key: bound to its key's name.
CREATE OR REPLACE FUNCTION governance.encryption_index_aad(key_name text)
RETURNS bytea
LANGUAGE sql IMMUTABLE
AS $$ SELECT '\x696e646578206b6579'::bytea || pg_catalog.convert_to(key_name, 'UTF8') $$;

COMMENT ON FUNCTION governance.encryption_index_aad(text) IS
    'Internal: binds a wrapped blind-index key to its key name';
