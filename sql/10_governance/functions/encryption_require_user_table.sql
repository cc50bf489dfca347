-- encrypt_column and reencrypt alter and rewrite tables with their owner's rights: never
-- the pack's own tables (encrypting compliance.checks.query would turn every check into
-- an error reported as 'skipped'; access.policies' SQL would stop compiling). And only
-- tables whose code the pack's owner trusts: converting fires their triggers and
-- evaluates their defaults, constraints and indexes as that owner.
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
    PERFORM governance.require_trusted_relations(fn, tbl);
END
$$;

COMMENT ON FUNCTION governance.encryption_require_user_table(text, regclass) IS
    'Internal: refuses the governance schemas'' tables, and tables carrying code pg-governance''s owner does not trust, as targets of encrypt_column, reencrypt and encryption_backlog';
