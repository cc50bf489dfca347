-- Shared argument check of the erasure configuration functions: the table must be an
-- ordinary or partitioned table outside the governance schemas (the engine deletes rows
-- with its owner's rights, so it must never be pointed at governance evidence), whose
-- code pg-governance's owner trusts (governance.require_trusted_relations): it is read and
-- written with that owner's rights, at registration and at every use (read_phi).
CREATE OR REPLACE FUNCTION privacy.require_user_table(caller text, tbl regclass)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    kind "char";
    schema_name name;
BEGIN
    IF tbl IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = pg_catalog.format('%s: the table is required', caller);
    END IF;
    SELECT c.relkind, n.nspname INTO kind, schema_name
      FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE c.oid = tbl;
    IF kind NOT IN ('r', 'p') THEN
        RAISE EXCEPTION USING ERRCODE = 'wrong_object_type',
            MESSAGE = pg_catalog.format('%s: %s is not a table', caller, tbl);
    END IF;
    IF schema_name = ANY (governance.pack_schemas()) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = pg_catalog.format('%s: %s is a governance table, not personal data', caller, tbl);
    END IF;
    PERFORM governance.require_trusted_relations(caller, tbl);
END
$$;

COMMENT ON FUNCTION privacy.require_user_table(text, regclass) IS
    'Internal: raises unless tbl is an ordinary or partitioned table outside the governance schemas, whose code pg-governance''s owner trusts';
