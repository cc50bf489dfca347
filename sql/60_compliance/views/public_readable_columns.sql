-- Classified columns that any role can read: PUBLIC has USAGE on the schema and SELECT on
-- the column (has_column_privilege counts a table-level grant too).
CREATE OR REPLACE VIEW compliance.public_readable_columns AS
SELECT cc.relid::pg_catalog.regclass::text AS table_name,
       cc.column_name::text                AS column_name,
       cc.category,
       cc.sensitivity
  FROM governance.classified_columns cc
  JOIN pg_catalog.pg_class t ON t.oid = cc.relid
 WHERE pg_catalog.has_schema_privilege('public', t.relnamespace, 'USAGE')
   AND pg_catalog.has_column_privilege('public', t.oid, cc.attnum, 'SELECT');

COMMENT ON VIEW compliance.public_readable_columns IS 'Classified columns readable by PUBLIC (table or column grant, with schema usage)';

GRANT SELECT ON compliance.public_readable_columns TO governance_admin, governance_dpo, governance_auditor;
