-- Tables with classified personal data that no registered subject type reaches: an
-- erasure would leave them untouched, so the plan names them for the DPO to close
-- (register_subject, link_table, own_parent, or a foreign key). Definer, so that the
-- auditor's compliance check gdpr.no_erasure_path can run it: it returns only table and
-- column names, which the auditor reads in the catalog anyway, without the erasure
-- configuration and graph functions it reads through.
CREATE OR REPLACE FUNCTION privacy.coverage_gaps()
RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
    WITH covered AS (
        SELECT n.table_name
          FROM privacy.subjects s, LATERAL privacy.subject_tables(s.subject_type) n)
    SELECT COALESCE(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
               'table', g.relid::text, 'columns', g.columns) ORDER BY g.relid::text), '[]')
      FROM (SELECT cc.relid, pg_catalog.jsonb_agg(cc.column_name ORDER BY cc.attnum) AS columns
              FROM governance.classified_columns cc
             WHERE cc.schema_name <> ALL (governance.pack_schemas())
               -- A partition is covered when its partitioned table is, and the other way round.
               AND NOT EXISTS (SELECT 1 FROM covered c
                                WHERE c.table_name IN (SELECT privacy.table_and_ancestors(cc.relid))
                                   OR cc.relid IN (SELECT privacy.table_and_ancestors(c.table_name)))
             GROUP BY cc.relid) g
$$;

COMMENT ON FUNCTION privacy.coverage_gaps() IS
    'Tables holding classified columns that no registered subject type''s data includes';

GRANT EXECUTE ON FUNCTION privacy.coverage_gaps() TO governance_admin, governance_dpo, governance_auditor;
