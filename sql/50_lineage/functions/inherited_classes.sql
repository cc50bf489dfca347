-- Classification propagation: which classified columns of local tables (governance
-- classifications) an asset carries data from, through any number of edges. Walking up:
--  * an edge whose transformation anonymizes stops propagation;
--  * an edge with column mappings passes only its mapped columns (and not those whose
--    mapping anonymizes); the first mapped column met names the asset's column that
--    carries the class;
--  * an edge without column mappings passes everything (we cannot tell which columns,
--    so we assume all: over-reporting personal data is the safe error).
-- The state is (asset, column or NULL for "any", carrying column): finite, so UNION ends
-- the recursion on cycles without a depth limit.
CREATE OR REPLACE FUNCTION lineage.inherited_classes(asset bigint)
RETURNS TABLE (column_name text, category text, sensitivity text, special_category boolean,
               source_asset bigint, source_table text, source_column text)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
    WITH RECURSIVE hop (asset_id, column_name, carrier, at_start) AS (
        SELECT lineage.require_asset('lineage.inherited_classes', asset), NULL::text, NULL::text, true
        UNION
        SELECT e.source_id, m.source_column, CASE WHEN h.at_start THEN m.target_column ELSE h.carrier END, false
          FROM hop h
          JOIN lineage.edges e ON e.target_id = h.asset_id AND e.valid_to IS NULL
          CROSS JOIN LATERAL (
              SELECT c.source_column, c.target_column
                FROM lineage.column_edges c
               WHERE c.edge_id = e.id
                 AND (h.column_name IS NULL OR c.target_column = h.column_name)
                 AND NOT EXISTS (SELECT 1 FROM lineage.anonymizing_transformations t WHERE t.name = c.transformation)
              UNION ALL
              SELECT NULL, NULL
               WHERE NOT EXISTS (SELECT 1 FROM lineage.column_edges c WHERE c.edge_id = e.id)
          ) m
         WHERE NOT EXISTS (SELECT 1 FROM lineage.anonymizing_transformations t WHERE t.name = e.transformation_type)
    )
    SELECT DISTINCT h.carrier, cc.category, cc.sensitivity, cc.special_category,
           -- catalog names have collation "C"; report plain text like every other column
           a.id, pg_catalog.format('%I.%I', cc.schema_name, cc.table_name) COLLATE "default",
           cc.column_name::text COLLATE "default"
      FROM hop h
      JOIN lineage.assets a ON a.id = h.asset_id AND a.id <> asset
      JOIN governance.classified_columns cc
        ON cc.relid = a.relid::regclass AND (h.column_name IS NULL OR cc.column_name = h.column_name)
     ORDER BY 1, 2, 6, 7
$$;

COMMENT ON FUNCTION lineage.inherited_classes(bigint) IS
    'Classified columns (PII, PHI, ...) whose data flows into the asset through lineage, unless an anonymizing edge or column mapping stops it; column_name: the asset column carrying it, when column lineage tells';

GRANT EXECUTE ON FUNCTION lineage.inherited_classes(bigint)
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
