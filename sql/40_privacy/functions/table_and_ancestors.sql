-- A table and, if it is a partition, the partitioned tables above it: a rule or a
-- classification declared on a partitioned table applies to its partitions.
-- (pg_partition_ancestors returns nothing for a table that is not partitioned.)
-- PL/pgSQL, so that its plan is kept for the session (docs/development.md, hot helpers).
CREATE OR REPLACE FUNCTION privacy.table_and_ancestors(tbl regclass)
RETURNS SETOF regclass
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN QUERY
        SELECT tbl
        UNION
        SELECT pt.relid FROM pg_catalog.pg_partition_ancestors(tbl) pt;
END
$$;

COMMENT ON FUNCTION privacy.table_and_ancestors(regclass) IS
    'The table itself and the partitioned tables it is a partition of';

-- privacy.subject_tables runs with its caller's rights and reads through this.
GRANT EXECUTE ON FUNCTION privacy.table_and_ancestors(regclass) TO governance_admin, governance_dpo, governance_auditor;
