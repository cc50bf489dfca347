-- The definer functions that alter an application table (add or drop its triggers, add,
-- drop and rename its columns) do it as pg-governance's owner, which PostgreSQL lets do
-- that only as a member of the table's owner. Checked up front, so that the caller learns
-- the GRANT that is missing instead of a "must be owner" from deep inside (or, worse,
-- later: a table whose triggers could be created with the TRIGGER privilege but not
-- dropped would fail every classification change).
CREATE OR REPLACE FUNCTION governance.require_owner_rights(fn text, tbl regclass)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    owner oid := (SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid = tbl);
BEGIN
    IF NOT pg_catalog.pg_has_role(CURRENT_USER, owner, 'USAGE') THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = pg_catalog.format('%s: pg-governance''s owner %I cannot alter %s, owned by %I', fn, CURRENT_USER, tbl,
                                        pg_catalog.pg_get_userbyid(owner)),
            HINT = pg_catalog.format('GRANT %I TO %I;', pg_catalog.pg_get_userbyid(owner), CURRENT_USER);
    END IF;
END
$$;

COMMENT ON FUNCTION governance.require_owner_rights(text, regclass) IS
    'Internal: refuses, naming the GRANT, when pg-governance''s owner is not a member of a table''s owner';
