-- The records of processing an auditor asks for first (GDPR Art. 30(1)): per classified
-- column, what it holds, which purposes may use it, what erasure does to it, who can read
-- it and how it is protected. Read from the catalogs and the pack's own configuration, so
-- it is what the database enforces, not what a spreadsheet says.
--   purposes   the consent purposes whose guard (privacy.consent_required) covers the
--              table: under those purposes, only the rows of consenting subjects are read
--   erasure    what gdpr_forget does to the table's rows (privacy.set_erasure_rule, per
--              subject type; 'delete' when no rule says otherwise)
--   retention  how long rows are kept: NULL until a retention rule exists for the table
--   readers    roles granted SELECT on the table or the column, and its owner; PUBLIC
--              when every role may (superusers and pg_read_all_data members read all)
--   audited, encrypted, isolated   an audit trigger (audit.enable), encrypted by
--              encrypt_column, row-level security enabled, forced and with a policy
CREATE OR REPLACE VIEW compliance.records_of_processing AS
SELECT c.schema_name,
       c.table_name,
       c.column_name,
       c.data_type,
       c.category,
       c.special_category,
       c.sensitivity,
       ARRAY(SELECT p.name FROM privacy.purposes p
              WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_policy pol
                             WHERE pol.polrelid = c.relid AND pol.polname = 'consent_' || p.name)
              ORDER BY p.name)                                                     AS purposes,
       COALESCE((SELECT pg_catalog.string_agg(r.action || COALESCE(' (' || r.reason || ')', '')
                                              || COALESCE(' for ' || r.subject_type, ''), '; '
                                              ORDER BY r.subject_type NULLS FIRST)
                   FROM privacy.erasure_rules r WHERE r.table_name = c.relid), 'delete') AS erasure,
       NULL::text                                                                  AS retention,
       ARRAY(SELECT DISTINCT CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(x.grantee)::text END
               FROM (SELECT e.grantee, e.privilege_type FROM pg_catalog.aclexplode(t.relacl) e
                     UNION ALL
                     SELECT e.grantee, e.privilege_type FROM pg_catalog.aclexplode(a.attacl) e
                     UNION ALL
                     SELECT t.relowner, 'SELECT') x
              WHERE x.privilege_type = 'SELECT'
              ORDER BY 1)                                                          AS readers,
       ct.audited,
       EXISTS (SELECT 1 FROM governance.encrypted_columns e
                WHERE e.table_name = c.relid AND e.column_name = c.column_name AND e.state = 'encrypted') AS encrypted,
       (ct.rls_enabled AND ct.rls_forced AND ct.policies > 0)                      AS isolated,
       c.classified_by,
       c.classified_at
  FROM governance.classified_columns c
  JOIN compliance.classified_tables ct ON ct.table_oid = c.relid
  JOIN pg_catalog.pg_class t ON t.oid = c.relid
  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.relid AND a.attnum = c.attnum;

COMMENT ON VIEW compliance.records_of_processing IS
    'Records of processing (GDPR Art. 30): per classified column its category, sensitivity, purposes, erasure, retention, readers, and whether audited, encrypted and isolated';

GRANT SELECT ON compliance.records_of_processing TO governance_admin, governance_dpo, governance_auditor;
