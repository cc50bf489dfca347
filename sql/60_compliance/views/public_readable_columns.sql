-- Classified columns that any role can read: SELECT for PUBLIC on the table or on the
-- column, and USAGE for PUBLIC on its schema.
CREATE OR REPLACE VIEW compliance.public_readable_columns AS
SELECT cc.relid::pg_catalog.regclass::text AS table_name,
       cc.column_name::text                AS column_name,
       cc.category,
       cc.sensitivity
  FROM governance.classified_columns cc
  JOIN pg_catalog.pg_class t ON t.oid = cc.relid
  JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
 WHERE compliance.readable_by_public(t.oid)
    OR (EXISTS (SELECT FROM pg_catalog.aclexplode(coalesce(n.nspacl, pg_catalog.acldefault('n', n.nspowner))) a
                 WHERE a.grantee = 0 AND a.privilege_type = 'USAGE')
        AND EXISTS (SELECT FROM pg_catalog.pg_attribute at, pg_catalog.aclexplode(at.attacl) a
                     WHERE at.attrelid = t.oid AND at.attnum = cc.attnum
                       AND a.grantee = 0 AND a.privilege_type = 'SELECT'));

COMMENT ON VIEW compliance.public_readable_columns IS 'Classified columns readable by PUBLIC (table or column grant, with schema usage)';

GRANT SELECT ON compliance.public_readable_columns TO governance_admin, governance_dpo, governance_auditor;
