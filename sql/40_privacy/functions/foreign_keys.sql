-- Every foreign key as the erasure engine sees it. Constraints cloned onto partitions
-- (conparentid <> 0) are left out: the constraint declared on the partitioned table
-- stands for them. Foreign keys declared on a partition alone are kept, with the
-- partition as the referencing table.
CREATE OR REPLACE FUNCTION privacy.foreign_keys()
RETURNS TABLE (constraint_oid oid, constraint_name name, child regclass, parent regclass,
               child_cols text, parent_cols text, child_attnums smallint[],
               on_delete "char", nullable boolean, indexed boolean)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT c.oid, c.conname, c.conrelid::regclass, c.confrelid::regclass,
           privacy.column_list(c.conrelid, c.conkey), privacy.column_list(c.confrelid, c.confkey),
           c.conkey, c.confdeltype,
           -- A referencing row can be detached (its key set to NULL) only if every key column may be NULL.
           NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                        WHERE a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey) AND a.attnotnull),
           -- An index whose leading columns are the key's columns (in any order) serves the lookup.
           EXISTS (SELECT 1 FROM pg_catalog.pg_index i
                    WHERE i.indrelid = c.conrelid AND i.indpred IS NULL
                      AND (i.indkey::smallint[])[0:pg_catalog.cardinality(c.conkey) - 1] @> c.conkey
                      AND (i.indkey::smallint[])[0:pg_catalog.cardinality(c.conkey) - 1] <@ c.conkey)
      FROM pg_catalog.pg_constraint c
     WHERE c.contype = 'f' AND c.conparentid = 0
       AND c.connamespace NOT IN (SELECT n.oid FROM pg_catalog.pg_namespace n
                                   WHERE n.nspname IN ('pg_catalog', 'information_schema')
                                      OR n.nspname = ANY (governance.pack_schemas()))
$$;

COMMENT ON FUNCTION privacy.foreign_keys() IS
    'Foreign keys of user tables, with column lists, ON DELETE action, nullability and whether an index serves them';

-- privacy.subject_tables runs with its caller's rights and reads through this.
GRANT EXECUTE ON FUNCTION privacy.foreign_keys() TO governance_admin, governance_dpo;
