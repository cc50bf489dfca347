-- SQL condition, over rows of tbl aliased q, that no row anywhere references them
-- through a foreign key or a declared reference (privacy.foreign_keys): an own parent
-- (an address) is erased only then. A referencing key with a NULL in it references
-- nothing (MATCH SIMPLE), as in the database's check.
-- PL/pgSQL, so that its plan is kept for the session (docs/development.md, hot helpers).
CREATE OR REPLACE FUNCTION privacy.unreferenced_condition(tbl regclass)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN (
        SELECT COALESCE(pg_catalog.string_agg(pg_catalog.format(
                   'NOT EXISTS (SELECT 1 FROM %s x WHERE (%s) = (%s))', f.child,
                   privacy.column_list(f.child, f.child_attnums, 'x.'), privacy.column_list(f.parent, f.parent_attnums, 'q.')),
                   ' AND ' ORDER BY f.child::oid, f.constraint_name), 'true')
          FROM privacy.foreign_keys() f
         WHERE f.parent = tbl);
END
$$;

COMMENT ON FUNCTION privacy.unreferenced_condition(regclass) IS
    'Internal: SQL condition on alias q: no foreign key anywhere references the row';
