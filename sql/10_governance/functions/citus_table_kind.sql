-- What Citus made of a table: 'local' (a plain PostgreSQL table, or no Citus at all),
-- 'distributed', 'reference' or 'citus_local', read from Citus's own catalog
-- pg_catalog.pg_dist_partition (partmethod 'n' means not sharded: a reference table when
-- replicated to every node, repmodel 't', else a Citus local table on the coordinator).
-- The one place that decides; everything else asks it. Read dynamically because the
-- relation exists only where Citus is installed: a test fakes it by creating a relation
-- of that name and shape (pgtap/citus_tables_are_refused_by_name.sql).
CREATE OR REPLACE FUNCTION governance.citus_table_kind(tbl regclass)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    method     "char";
    replicated "char";
BEGIN
    IF pg_catalog.to_regclass('pg_catalog.pg_dist_partition') IS NULL THEN
        RETURN 'local';
    END IF;
    EXECUTE 'SELECT p.partmethod, p.repmodel FROM pg_catalog.pg_dist_partition p WHERE p.logicalrelid = $1'
       INTO method, replicated USING tbl;
    RETURN CASE WHEN method IS NULL THEN 'local'
                WHEN method <> 'n' THEN 'distributed'
                WHEN replicated = 't' THEN 'reference'
                ELSE 'citus_local' END;
END
$$;

COMMENT ON FUNCTION governance.citus_table_kind(regclass) IS
    'local, distributed, reference or citus_local: what Citus (pg_dist_partition) made of the table; local without Citus';

GRANT EXECUTE ON FUNCTION governance.citus_table_kind(regclass)
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
