-- The definer functions act on application tables with the rights of the role that
-- installed the pack. That role usually does not own them (an application owner does), so
-- it holds only what the owner granted. Checked up front, a missing grant is one clear
-- error naming the role, the privileges and the GRANT statements, instead of "permission
-- denied for schema shop" from deep inside a generated statement, which reads as if the
-- caller lacked it.
--
-- Called inside SECURITY DEFINER functions, so current_user is the pack's owner.
-- privileges[i] is what tables[i] needs: a comma-separated list, each of which is
-- required (has_table_privilege with a list would accept any one of them).
CREATE OR REPLACE FUNCTION governance.require_owner_privileges(caller text, tables regclass[], privileges text[])
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    missing text;
    grants text;
BEGIN
    WITH wanted AS (
        SELECT DISTINCT c.oid::regclass AS tbl, n.oid AS nspoid, n.nspname, pg_catalog.upper(pg_catalog.btrim(p)) AS privilege
          FROM ROWS FROM (pg_catalog.unnest(tables), pg_catalog.unnest(privileges)) AS t(tbl, list)
          JOIN pg_catalog.pg_class c ON c.oid = t.tbl
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         CROSS JOIN pg_catalog.unnest(pg_catalog.string_to_array(t.list, ',')) AS p),
    lacking AS (
        SELECT DISTINCT w.nspname, NULL::regclass AS tbl, 'USAGE' AS privileges FROM wanted w
         WHERE NOT pg_catalog.has_schema_privilege(w.nspoid, 'USAGE')
        UNION ALL
        SELECT w.nspname, w.tbl, pg_catalog.string_agg(w.privilege, ', ' ORDER BY pg_catalog.array_position(
                   ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'], w.privilege))
          FROM wanted w
         WHERE NOT pg_catalog.has_table_privilege(w.tbl, w.privilege)
         GROUP BY w.nspname, w.tbl)
    SELECT pg_catalog.string_agg(CASE WHEN l.tbl IS NULL THEN pg_catalog.format('USAGE on schema %I', l.nspname)
                                      ELSE pg_catalog.format('%s on %s', l.privileges, l.tbl) END,
                                 ', ' ORDER BY l.tbl IS NOT NULL, l.nspname, l.tbl::text),
           pg_catalog.string_agg(CASE WHEN l.tbl IS NULL THEN pg_catalog.format('GRANT USAGE ON SCHEMA %I TO %I;', l.nspname, current_user)
                                      ELSE pg_catalog.format('GRANT %s ON %s TO %I;', l.privileges, l.tbl, current_user) END,
                                 ' ' ORDER BY l.tbl IS NOT NULL, l.nspname, l.tbl::text)
      INTO missing, grants
      FROM lacking l;
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = pg_catalog.format('%s: pg-governance''s owner %I lacks %s', caller, current_user, missing),
            HINT = pg_catalog.format('It acts on application tables with its own rights. As the tables'' owner: %s '
                                     '(docs/roles.md lists what each feature needs)', grants);
    END IF;
END
$$;

COMMENT ON FUNCTION governance.require_owner_privileges(text, regclass[], text[]) IS
    'Internal: raises 42501 naming the schema USAGE and table privileges (privileges[i] for tables[i]) the pack''s owner lacks, with the GRANT statements';

-- The same privileges on every table.
CREATE OR REPLACE FUNCTION governance.require_owner_privileges(caller text, tables regclass[], privileges text)
RETURNS void
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT governance.require_owner_privileges(caller, tables,
                                               pg_catalog.array_fill(privileges, ARRAY[pg_catalog.cardinality(tables)]))
$$;

COMMENT ON FUNCTION governance.require_owner_privileges(text, regclass[], text) IS
    'Internal: raises 42501 naming the schema USAGE and table privileges the pack''s owner lacks on the tables';
