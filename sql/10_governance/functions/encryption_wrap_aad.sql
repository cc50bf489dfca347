-- Associated data of a wrapped data key: which key, version and subject it belongs to, so
-- that a wrapped key copied onto another row of governance.data_keys does not unwrap there.
CREATE OR REPLACE FUNCTION governance.encryption_wrap_aad(key_id integer, version integer, subject_hash bytea)
RETURNS bytea
LANGUAGE sql IMMUTABLE
AS $$ SELECT '\x64617461206b6579'::bytea || pg_catalog.int4send(key_id) || pg_catalog.int4send(version) || subject_hash $$;

COMMENT ON FUNCTION governance.encryption_wrap_aad(integer, integer, bytea) IS
    'Internal: binds a wrapped data key to its key, version and subject';
