-- Each masked view and whether it still masks what the catalog says: `current`, `stale`
-- (a classification, rule, default, entitlement or column changed since it was generated:
-- privacy.refresh_masked_views regenerates it, and reclassification does so by itself),
-- `missing` (the view was dropped) or `table_dropped`. clear_paths: how its readers could
-- still reach clear values (privacy.clear_paths).
CREATE OR REPLACE FUNCTION privacy.masking_status()
RETURNS TABLE (table_name text, masked_view text, state text, readers name[], clear_paths text[])
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT COALESCE(t.oid::regclass::text, v.table_name::oid::text),
           pg_catalog.format('%I.%I', v.view_schema, v.view_name),
           CASE WHEN t.oid IS NULL THEN 'table_dropped'
                -- By name, without to_regclass: that needs USAGE on the schema, which an auditor lacks.
                WHEN NOT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                                  WHERE n.nspname = v.view_schema AND c.relname = v.view_name) THEN 'missing'
                WHEN (privacy.masked_view_definition(v.table_name)).definition IS DISTINCT FROM v.definition THEN 'stale'
                ELSE 'current' END,
           ARRAY(SELECT r.role_name FROM privacy.masked_readers r WHERE r.table_name = v.table_name ORDER BY 1),
           CASE WHEN t.oid IS NOT NULL THEN ARRAY(SELECT privacy.clear_paths(v.table_name)) ELSE '{}' END
      FROM privacy.masked_views v
      LEFT JOIN pg_catalog.pg_class t ON t.oid = v.table_name
     ORDER BY 1
$$;

COMMENT ON FUNCTION privacy.masking_status() IS
    'Masked views: current, stale, missing or table_dropped, their readers, and the paths by which a reader could still read clear values';

GRANT EXECUTE ON FUNCTION privacy.masking_status() TO governance_admin, governance_dpo, governance_auditor;
