-- Every reference between user tables as the erasure engine sees it: foreign keys, and
-- the references declared with privacy.declare_reference (enforced = false).
--
-- Partitioned tables are one table. Constraints cloned onto partitions (conparentid <> 0)
-- are left out: the constraint declared on the partitioned table stands for them. A
-- foreign key declared on single partitions only (schemas converted from inheritance,
-- partitions added later without it) is a reference of the whole partitioned table: the
-- rows of the partitions that lack it hold the same kind of data, so the link covers
-- every partition (its columns are taken by name). Such a key is not enforced on every
-- partition; privacy.erasure_warnings names the partitions that lack it.
CREATE OR REPLACE FUNCTION privacy.foreign_keys()
RETURNS TABLE (constraint_oid oid, constraint_name name, child regclass, parent regclass,
               child_cols text, parent_cols text, child_attnums smallint[],
               on_delete "char", nullable boolean, indexed boolean,
               parent_attnums smallint[], enforced boolean)
LANGUAGE plpgsql STABLE ROWS 50
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        WITH refs AS (
            SELECT pg_catalog.min(c.oid::text)::oid AS oid, pg_catalog.min(c.conname)::name AS conname,
                   c.root AS child, c.confrelid::regclass AS parent, c.attnums, c.confkey, c.confdeltype,
                   pg_catalog.bool_and(c.conrelid = c.root) AS enforced
              FROM (SELECT k.*, COALESCE(pg_catalog.pg_partition_root(k.conrelid), k.conrelid)::regclass AS root,
                           -- The key's columns in the partitioned table, by name.
                           CASE WHEN pg_catalog.pg_partition_root(k.conrelid) IS NULL THEN k.conkey
                                ELSE ARRAY(SELECT ra.attnum FROM pg_catalog.unnest(k.conkey) WITH ORDINALITY AS u(attnum, ord)
                                             JOIN pg_catalog.pg_attribute pa ON pa.attrelid = k.conrelid AND pa.attnum = u.attnum
                                             JOIN pg_catalog.pg_attribute ra
                                               ON ra.attrelid = pg_catalog.pg_partition_root(k.conrelid) AND ra.attname = pa.attname
                                            ORDER BY u.ord)::smallint[] END AS attnums
                      FROM pg_catalog.pg_constraint k
                     WHERE k.contype = 'f' AND k.conparentid = 0
                       AND k.connamespace NOT IN (SELECT n.oid FROM pg_catalog.pg_namespace n
                                                   WHERE n.nspname IN ('pg_catalog', 'information_schema')
                                                      OR n.nspname = ANY (governance.pack_schemas()))) c
             GROUP BY c.root, c.confrelid, c.attnums, c.confkey, c.confdeltype
            UNION ALL
            SELECT NULL::oid,
                   pg_catalog.left(pg_catalog.format('declared %s(%s)', d.child, pg_catalog.array_to_string(d.child_columns, ', ')), 63)::name,
                   d.child, d.parent,
                   ARRAY(SELECT a.attnum FROM pg_catalog.unnest(d.child_columns) WITH ORDINALITY AS u(col, ord)
                           JOIN pg_catalog.pg_attribute a ON a.attrelid = d.child AND a.attname = u.col ORDER BY u.ord)::smallint[],
                   ARRAY(SELECT a.attnum FROM pg_catalog.unnest(d.parent_columns) WITH ORDINALITY AS u(col, ord)
                           JOIN pg_catalog.pg_attribute a ON a.attrelid = d.parent AND a.attname = u.col ORDER BY u.ord)::smallint[],
                   d.on_delete, false
              FROM privacy.declared_references d)
        SELECT r.oid, r.conname, r.child, r.parent, cols.child_cols, cols.parent_cols,
               r.attnums, r.confdeltype,
               -- A referencing row can be detached (its key set to NULL) only if every key column may be NULL.
               NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                            WHERE a.attrelid = r.child AND a.attnum = ANY (r.attnums) AND a.attnotnull),
               -- An index whose leading columns are the key's columns (in any order) serves the lookup.
               EXISTS (SELECT 1 FROM pg_catalog.pg_index i
                        WHERE i.indrelid = r.child AND i.indpred IS NULL
                          AND (i.indkey::smallint[])[0:pg_catalog.cardinality(r.attnums) - 1] @> r.attnums
                          AND (i.indkey::smallint[])[0:pg_catalog.cardinality(r.attnums) - 1] <@ r.attnums),
               r.confkey, r.enforced
          FROM refs r
          -- privacy.column_list's result for both sides, read here in one pass: this runs
          -- over every reference of the database at each erasure, and a call per list cost
          -- more than the rest of the statement.
         CROSS JOIN LATERAL (
                SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY k.ord) FILTER (WHERE k.side = 0),
                       pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY k.ord) FILTER (WHERE k.side = 1)
                  FROM (SELECT 0, r.child, u.attnum, u.ord FROM pg_catalog.unnest(r.attnums) WITH ORDINALITY AS u(attnum, ord)
                        UNION ALL
                        SELECT 1, r.parent, u.attnum, u.ord FROM pg_catalog.unnest(r.confkey) WITH ORDINALITY AS u(attnum, ord))
                       k(side, rel, attnum, ord)
                  JOIN pg_catalog.pg_attribute a ON a.attrelid = k.rel AND a.attnum = k.attnum) cols(child_cols, parent_cols);
END
$$;

COMMENT ON FUNCTION privacy.foreign_keys() IS
    'References between user tables (foreign keys, partition-level ones as the partitioned table''s, and declared references), with column lists, ON DELETE action, nullability, whether an index serves them and whether the database enforces them';

-- privacy.subject_tables runs with its caller's rights and reads through this.
GRANT EXECUTE ON FUNCTION privacy.foreign_keys() TO governance_admin, governance_dpo;
