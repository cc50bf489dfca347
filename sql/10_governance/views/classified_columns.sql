-- Classifications of columns that still exist, with their type: what reports and other
-- modules read. A dropped table or column simply disappears from here.
CREATE OR REPLACE VIEW governance.classified_columns AS
SELECT n.nspname     AS schema_name,
       t.relname     AS table_name,
       c.column_name,
       c.table_name  AS relid,
       a.attnum,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS data_type,
       c.category,
       dc.special    AS special_category,
       c.sensitivity,
       c.classified_by,
       c.classified_at
  FROM governance.classifications c
  JOIN pg_catalog.pg_class t ON t.oid = c.table_name
  JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
  JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attname = c.column_name AND NOT a.attisdropped
  JOIN governance.data_categories dc ON dc.name = c.category;

COMMENT ON VIEW governance.classified_columns IS 'Classified columns that exist, with type and category';

GRANT SELECT ON governance.classified_columns TO governance_admin, governance_dpo, governance_auditor, governance_app;
