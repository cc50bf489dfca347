-- How the masked readers of a table (or one of them) could read its masked columns in
-- clear, other than being entitled to the category: SELECT on the table, a partition or
-- a masked column (a grant, membership of a role holding one, pg_read_all_data), owning
-- it, being a superuser, another view reading the column that the reader may select, or a definer
-- function of a role that reads the table (outside the pack, whose functions keep their
-- own rules): such a function may return clear values; look at it.
CREATE OR REPLACE FUNCTION privacy.clear_paths(tbl regclass, reader name DEFAULT NULL)
RETURNS SETOF text
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH readers AS (
        SELECT r.role_name, x.oid AS role_oid, x.rolsuper
          FROM privacy.masked_readers r JOIN pg_catalog.pg_roles x ON x.rolname = r.role_name
         WHERE r.table_name = tbl AND (reader IS NULL OR r.role_name = reader)
        UNION
        SELECT x.rolname, x.oid, x.rolsuper FROM pg_catalog.pg_roles x WHERE x.rolname = reader),
    masked AS (
        SELECT m.column_name, a.attnum FROM privacy.masked_columns(tbl) m
          JOIN pg_catalog.pg_attribute a ON a.attrelid = tbl AND a.attname = m.column_name
         WHERE m.rule IS NOT NULL)
    SELECT pg_catalog.format('%s is a superuser', r.role_name) FROM readers r WHERE r.rolsuper
    UNION ALL
    SELECT pg_catalog.format('%s owns %s (or is a member of its owner)', r.role_name, tbl) FROM readers r
     WHERE pg_catalog.pg_has_role(r.role_oid, (SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid = tbl), 'USAGE')
       AND NOT r.rolsuper
    UNION ALL
    -- The table, and its partitions: a reader naming a partition reads it directly.
    SELECT pg_catalog.format('%s may SELECT %s.%I (REVOKE SELECT ON %s FROM %I, and from the roles it belongs to)',
                             r.role_name, part.relid, m.column_name, part.relid, r.role_name)
      FROM readers r CROSS JOIN masked m
     CROSS JOIN (SELECT tbl AS relid UNION SELECT t.relid FROM pg_catalog.pg_partition_tree(tbl) t) part
     WHERE NOT r.rolsuper AND pg_catalog.has_column_privilege(r.role_oid, part.relid, m.column_name::text, 'SELECT')
    UNION ALL
    SELECT DISTINCT pg_catalog.format('%s may SELECT view %s, which reads %s.%I', r.role_name, v.oid::regclass, tbl, m.column_name)
      FROM masked m
      JOIN pg_catalog.pg_depend d ON d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = tbl
                                 AND d.refobjsubid = m.attnum AND d.classid = 'pg_catalog.pg_rewrite'::regclass
      JOIN pg_catalog.pg_rewrite w ON w.oid = d.objid
      JOIN pg_catalog.pg_class v ON v.oid = w.ev_class AND v.oid <> tbl
      JOIN pg_catalog.pg_namespace vn ON vn.oid = v.relnamespace
     CROSS JOIN readers r
     WHERE NOT r.rolsuper AND v.relkind IN ('v', 'm')
       AND NOT EXISTS (SELECT 1 FROM privacy.masked_views mv WHERE mv.view_schema = vn.nspname AND mv.view_name = v.relname)
       AND pg_catalog.has_table_privilege(r.role_oid, v.oid, 'SELECT')
    UNION ALL
    SELECT DISTINCT pg_catalog.format('%s may execute %s, a SECURITY DEFINER function of %s, who may read %s',
                                      r.role_name, p.oid::regprocedure, pg_catalog.pg_get_userbyid(p.proowner), tbl)
      FROM pg_catalog.pg_proc p
      JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace
     CROSS JOIN readers r
     WHERE p.prosecdef AND NOT r.rolsuper
       AND pn.nspname <> ALL (governance.pack_schemas() || ARRAY['pg_catalog', 'information_schema']::name[])
       AND pg_catalog.has_function_privilege(r.role_oid, p.oid, 'EXECUTE')
       AND EXISTS (SELECT 1 FROM masked m WHERE pg_catalog.has_column_privilege(p.proowner, tbl, m.attnum, 'SELECT'))
$$;

COMMENT ON FUNCTION privacy.clear_paths(regclass, name) IS
    'Ways the masked readers of a table (or the named role) could read its masked columns in clear: privileges on the table, ownership, superuser, other views, definer functions';

GRANT EXECUTE ON FUNCTION privacy.clear_paths(regclass, name) TO governance_admin, governance_dpo, governance_auditor;
