-- The definer functions that alter an application table (add or drop its triggers, add,
-- drop and rename its columns) do it as pg-governance's owner, which PostgreSQL lets do
-- that only as a member of the owner of the table and of each of its partitions. Checked
-- up front, so that the caller learns the GRANT that is missing instead of a "must be
-- owner" from deep inside. alternative: another way out, for the hint.
CREATE OR REPLACE FUNCTION governance.require_owner_rights(fn text, tbl regclass, alternative text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    foreign_owner name;
BEGIN
    SELECT r.rolname INTO foreign_owner
      FROM pg_catalog.pg_class c JOIN pg_catalog.pg_roles r ON r.oid = c.relowner
     WHERE c.oid IN (SELECT tbl UNION SELECT p.relid FROM pg_catalog.pg_partition_tree(tbl) p)
       AND NOT pg_catalog.pg_has_role(CURRENT_USER, c.relowner, 'USAGE')
     LIMIT 1;
    IF foreign_owner IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = pg_catalog.format('%s: pg-governance''s owner %I cannot alter %s, owned by %I',
                                        fn, CURRENT_USER, tbl, foreign_owner),
            HINT = pg_catalog.format('GRANT %I TO %I;', foreign_owner, CURRENT_USER) || COALESCE(' Or ' || alternative, '');
    END IF;
END
$$;

COMMENT ON FUNCTION governance.require_owner_rights(text, regclass, text) IS
    'Internal: refuses, naming the GRANT, when pg-governance''s owner is not a member of the owner of a table or of one of its partitions';
