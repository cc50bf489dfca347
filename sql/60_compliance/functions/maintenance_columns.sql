-- The columns the pack itself rewrites in bulk, per table (schema-qualified, quoted as
-- audit.changes names tables): an encrypted column and its shadow, written by
-- encrypt_column and reencrypt batch after batch. An UPDATE that changes only these is the
-- pack's maintenance, not an actor's activity: activity_anomalies leaves it out. Definer
-- rights so that every role that runs the checks reads the names (never the values) of
-- governance.encrypted_columns, which the DPO may not read.
CREATE OR REPLACE FUNCTION compliance.maintenance_columns()
RETURNS TABLE (table_name text, columns text[])
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
    SELECT ec.table_name::text, pg_catalog.array_agg(x.col ORDER BY x.col)
      FROM governance.encrypted_columns ec
     CROSS JOIN LATERAL (VALUES (ec.column_name::text), (ec.shadow_column::text)) x (col)
     GROUP BY ec.table_name
$$;

COMMENT ON FUNCTION compliance.maintenance_columns() IS
    'Columns the pack rewrites in bulk (encrypted columns and their shadows) per table: updates of only these are maintenance, not activity';
GRANT EXECUTE ON FUNCTION compliance.maintenance_columns() TO governance_admin, governance_dpo, governance_auditor;
