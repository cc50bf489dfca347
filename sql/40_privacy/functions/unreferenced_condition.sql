-- SQL condition, over rows of tbl aliased q, that no row anywhere references them
-- through a foreign key: an own parent (an address) is erased only then. A referencing
-- key with a NULL in it references nothing (MATCH SIMPLE), as in the database's check.
CREATE OR REPLACE FUNCTION privacy.unreferenced_condition(tbl regclass)
RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT COALESCE(pg_catalog.string_agg(pg_catalog.format(
               'NOT EXISTS (SELECT 1 FROM %s x WHERE (%s) = (%s))', c.conrelid::regclass,
               privacy.column_list(c.conrelid, c.conkey, 'x.'), privacy.column_list(c.confrelid, c.confkey, 'q.')),
               ' AND ' ORDER BY c.oid), 'true')
      FROM pg_catalog.pg_constraint c
     WHERE c.contype = 'f' AND c.conparentid = 0 AND c.confrelid = tbl
$$;

COMMENT ON FUNCTION privacy.unreferenced_condition(regclass) IS
    'SQL condition on alias q: no foreign key anywhere references the row';
