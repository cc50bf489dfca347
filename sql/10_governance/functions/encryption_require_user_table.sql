-- encrypt_column and reencrypt alter and rewrite tables with their owner's rights: never
-- the pack's own tables (encrypting compliance.checks.query would turn every check into
-- an error reported as 'skipped'; access.policies' SQL would stop compiling).
CREATE OR REPLACE FUNCTION governance.encryption_require_user_table(fn text, tbl regclass)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF (SELECT n.nspname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE c.oid = tbl) = ANY (governance.pack_schemas()) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = pg_catalog.format('%s: %s is a governance table', fn, tbl);
    END IF;
END
$$;

COMMENT ON FUNCTION governance.encryption_require_user_table(text, regclass) IS
    'Internal: refuses the governance schemas'' tables as targets of encrypt_column and reencrypt';
