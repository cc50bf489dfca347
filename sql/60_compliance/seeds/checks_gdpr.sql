-- GDPR checks. Those reading audit or privacy objects name them in requires_*: they are
-- not_applicable until that module is installed.

SELECT compliance.register_check(
    id => 'gdpr.catalog_empty', framework => 'gdpr', severity => 'high', on_finding => 'warn',
    control => 'GDPR Art. 30 (records of processing)',
    title => 'No personal data is classified yet',
    description => 'Every other personal-data check starts from the data catalog. With nothing classified they pass without meaning anything.',
    remedy => 'Find candidates with SELECT * FROM governance.discover_pii(''public''); then accept them after a dry run (SELECT * FROM governance.accept_proposals(''public'', dry_run => true); then without dry_run), or tag each personal column: SELECT governance.classify(''public.customers'', ''email'', ''contact'');',
    query => $q$
        SELECT 'no column is classified in governance.classifications' AS finding
         WHERE NOT EXISTS (SELECT 1 FROM governance.classifications)
    $q$);

SELECT compliance.register_check(
    id => 'gdpr.personal_data_public', framework => 'gdpr', severity => 'critical',
    control => 'GDPR Art. 32(1) (security of processing), Art. 25 (data protection by default)',
    title => 'Personal data readable by every role (PUBLIC)',
    description => 'Columns classified as personal data that any database role can SELECT.',
    remedy => 'REVOKE SELECT ON <table> FROM PUBLIC; and grant SELECT to the roles that need the data.',
    query => $q$
        SELECT p.table_name, p.column_name, p.category, p.sensitivity
          FROM compliance.public_readable_columns p
         WHERE p.sensitivity <> 'public'
         ORDER BY 1, 2
    $q$);

SELECT compliance.register_check(
    id => 'gdpr.special_category_sensitivity', framework => 'gdpr', severity => 'high',
    control => 'GDPR Art. 9 (special categories)',
    title => 'Special-category data classified as public or internal',
    description => 'Health and biometric data are special categories: they need the strictest handling, and sensitivity drives masking and encryption.',
    remedy => 'SELECT governance.classify(<table>, <column>, <category>, ''restricted''); for each listed column.',
    query => $q$
        SELECT cc.relid::pg_catalog.regclass::text AS table_name, cc.column_name::text AS column_name,
               cc.category, cc.sensitivity
          FROM governance.classified_columns cc
         WHERE cc.special_category AND cc.sensitivity IN ('public', 'internal')
         ORDER BY 1, 2
    $q$);

SELECT compliance.register_check(
    id => 'gdpr.stale_classifications', framework => 'gdpr', severity => 'low', on_finding => 'warn',
    control => 'GDPR Art. 30 (records of processing)',
    title => 'Classifications of columns that no longer exist',
    description => 'The catalog lists columns that were dropped: the record of processing no longer matches the database.',
    remedy => 'SELECT governance.unclassify(<table>, <column>); for each listed entry.',
    query => $q$
        SELECT c.table_name::pg_catalog.oid AS table_oid, c.column_name::text AS column_name, c.category
          FROM governance.classifications c
         WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                            WHERE a.attrelid = c.table_name AND a.attname = c.column_name AND NOT a.attisdropped)
         ORDER BY 1, 2
    $q$);

SELECT compliance.register_check(
    id => 'gdpr.identifiers_without_audit', framework => 'gdpr', severity => 'high',
    control => 'GDPR Art. 5(2) (accountability), Art. 30',
    title => 'Tables with direct identifiers or contact data that are not audited',
    description => 'Changes to these tables leave no record of who changed what.',
    remedy => 'SELECT audit.enable(''<table>''); for each listed table.',
    requires_functions => ARRAY['audit.enable(regclass)'],
    query => $q$
        SELECT t.table_name, t.categories
          FROM compliance.classified_tables t
         WHERE NOT t.audited AND t.categories && ARRAY['direct_identifier', 'contact']
         ORDER BY 1
    $q$);

SELECT compliance.register_check(
    id => 'gdpr.overdue_requests', framework => 'gdpr', severity => 'high',
    control => 'GDPR Art. 12(3) (one month to answer)',
    title => 'Data-subject requests past their due date',
    description => 'GDPR requests must be answered within one month of receipt.',
    remedy => 'Process each listed request: SELECT privacy.process_request(<id>);',
    requires_relations => ARRAY['privacy.overdue_requests'],
    query => $q$
        SELECT pg_catalog.to_jsonb(r) AS request
          FROM privacy.overdue_requests r
         WHERE coalesce(pg_catalog.to_jsonb(r) ->> 'regulation', 'gdpr') = 'gdpr'
    $q$);

SELECT compliance.register_check(
    id => 'gdpr.erasure_overdue', framework => 'gdpr', severity => 'critical',
    control => 'GDPR Art. 17 (right to erasure, without undue delay)',
    title => 'Erasure requests not completed within the deadline',
    description => 'Personal data a subject asked to erase is still held past the statutory deadline.',
    remedy => 'Review SELECT * FROM privacy.erasure_plan(<subject>); then SELECT privacy.process_request(<id>);',
    requires_relations => ARRAY['privacy.overdue_requests'],
    query => $q$
        SELECT pg_catalog.to_jsonb(r) AS request
          FROM privacy.overdue_requests r
         WHERE pg_catalog.to_jsonb(r) ->> 'request_type' IN ('erasure', 'erase', 'delete', 'deletion', 'forget')
    $q$);

SELECT compliance.register_check(
    id => 'gdpr.purposes_without_policy_version', framework => 'gdpr', severity => 'medium',
    control => 'GDPR Art. 7(1) (demonstrate consent)',
    title => 'Consent purposes without a policy version',
    description => 'Without the policy version a consent was given under, the controller cannot show what the subject agreed to.',
    remedy => 'Register the purpose again with its policy version: SELECT privacy.register_purpose(<name>, <description>, <lawful_basis>, <policy_version>);',
    requires_relations => ARRAY['privacy.purposes'],
    requires_functions => ARRAY['privacy.register_purpose(text,text,text,text)'],
    query => $q$
        SELECT pg_catalog.to_jsonb(p) ->> 'name' AS purpose
          FROM privacy.purposes p
         WHERE coalesce(pg_catalog.btrim(pg_catalog.to_jsonb(p) ->> 'policy_version'), '') = ''
         ORDER BY 1
    $q$);

SELECT compliance.register_check(
    id => 'gdpr.consents_without_policy_version', framework => 'gdpr', severity => 'medium',
    control => 'GDPR Art. 7(1) (demonstrate consent)',
    title => 'Consents recorded without a policy version',
    description => 'A granted consent that does not say which policy version it accepted cannot be demonstrated.',
    remedy => 'Pass policy_version to privacy.record_consent (and ask the listed subjects to confirm under the current version).',
    requires_relations => ARRAY['privacy.consent_records'],
    query => $q$
        SELECT pg_catalog.to_jsonb(r) ->> 'subject_key' AS subject_key, pg_catalog.to_jsonb(r) ->> 'purpose' AS purpose
          FROM privacy.consent_records r
         WHERE (pg_catalog.to_jsonb(r) ->> 'granted')::boolean
           AND coalesce(pg_catalog.btrim(pg_catalog.to_jsonb(r) ->> 'policy_version'), '') = ''
    $q$);

SELECT compliance.register_check(
    id => 'gdpr.views_expose_personal_data', framework => 'gdpr', severity => 'critical',
    control => 'GDPR Art. 32(1) (security of processing), Art. 25 (data protection by default)',
    title => 'Views readable by every role that show personal data',
    description => 'A view reads its tables with its owner''s privileges: revoking SELECT on a table does not protect the classified columns a PUBLIC-readable view selects.',
    remedy => 'REVOKE SELECT ON <view> FROM PUBLIC; or, on PostgreSQL 15+, ALTER VIEW <view> SET (security_invoker = on); so that the reader''s own privileges apply.',
    query => $q$
        -- From the (few) classified columns to the views whose rules read them. Materialised
        -- first: planning the whole join through the catalog view costs more than running it.
        WITH personal AS MATERIALIZED (
            SELECT cc.relid, cc.attnum, cc.column_name, cc.category
              FROM governance.classified_columns cc
             WHERE cc.sensitivity <> 'public')
        SELECT DISTINCT v.oid::pg_catalog.regclass::text AS view_name,
               p.relid::pg_catalog.regclass::text AS table_name, p.column_name::text AS column_name, p.category
          FROM personal p
          JOIN pg_catalog.pg_depend d ON d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
                                     AND d.refobjid = p.relid AND d.refobjsubid = p.attnum
                                     AND d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
          JOIN pg_catalog.pg_rewrite r ON r.oid = d.objid
          JOIN pg_catalog.pg_class v ON v.oid = r.ev_class
         WHERE v.relkind IN ('v', 'm') AND v.oid <> p.relid
           AND pg_catalog.has_schema_privilege('public', v.relnamespace, 'USAGE')
           AND pg_catalog.has_table_privilege('public', v.oid, 'SELECT')
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.unnest(v.reloptions) o
                            WHERE o IN ('security_invoker=true', 'security_invoker=on', 'security_invoker=1'))
         ORDER BY 1, 2, 3
    $q$);

SELECT compliance.register_check(
    id => 'gdpr.no_erasure_path', framework => 'gdpr', severity => 'high',
    control => 'GDPR Art. 17 (right to erasure)',
    title => 'Classified personal data that no erasure reaches',
    description => 'Tables with classified columns that no registered subject type reaches (by foreign key, link_table or own_parent): privacy.gdpr_forget would leave them untouched.',
    remedy => 'Register the table''s subjects (SELECT privacy.register_subject(''customer'', ''<table>'', ''id'');), link it to one (privacy.link_table), add the missing foreign key, or declare it with privacy.own_parent.',
    requires_functions => ARRAY['privacy.coverage_gaps()', 'privacy.register_subject(text,regclass,name)'],
    query => $q$
        SELECT g ->> 'table' AS table_name, g -> 'columns' AS columns
          FROM pg_catalog.jsonb_array_elements(privacy.coverage_gaps()) g
    $q$);

SELECT compliance.register_check(
    id => 'gdpr.masked_views_stale', framework => 'gdpr', severity => 'high',
    control => 'GDPR Art. 25 (data protection by default), Art. 32(1)',
    title => 'Masked views that no longer match the catalog',
    description => 'A masked view generated before a column was classified, a rule changed or the table changed may show values in clear, or no longer exist. Reclassification regenerates them; one that could not be regenerated was closed to its readers.',
    remedy => 'SELECT privacy.refresh_masked_views(); and fix what it warns about (a view of yours on top of a masked view, an owner no longer trusted).',
    requires_functions => ARRAY['privacy.masking_status()'],
    query => $q$
        SELECT s.table_name, s.masked_view, s.state, s.readers
          FROM privacy.masking_status() s
         WHERE s.state <> 'current'
    $q$);

SELECT compliance.register_check(
    id => 'gdpr.masked_readers_see_clear_values', framework => 'gdpr', severity => 'critical',
    control => 'GDPR Art. 25 (data protection by default), Art. 32(1)',
    title => 'Roles granted masked access that can still read clear values',
    description => 'A role that reads a table through its masked view must have no other path to the masked columns: no privilege on the table, no other view of them, no ownership; a definer function of a role that reads the table may return them too.',
    remedy => 'As the table''s owner, REVOKE the privileges named; replace or revoke the views and functions named.',
    requires_functions => ARRAY['privacy.masking_status()'],
    query => $q$
        SELECT s.table_name, s.masked_view, p AS path
          FROM privacy.masking_status() s CROSS JOIN LATERAL pg_catalog.unnest(s.clear_paths) p
         ORDER BY 1, 3
    $q$);

SELECT compliance.register_check(
    id => 'gdpr.personal_data_without_retention', framework => 'gdpr', severity => 'medium', on_finding => 'warn',
    control => 'GDPR Art. 5(1)(e) (storage limitation)',
    title => 'Tables with classified personal data and no retention rule',
    description => 'Personal data may be kept no longer than its purpose needs. A table whose rows never expire keeps them for ever, unless a rule of its own or a parent''s removes them.',
    remedy => 'SELECT privacy.set_retention(''<table>'', ''<time column>'', ''2 years'', ''delete'', ''<purpose and legal period>''); then run pg-governance maintain daily.',
    requires_relations => ARRAY['privacy.retention_rules'],
    query => $q$
        SELECT t.table_name, t.categories
          FROM compliance.classified_tables t
         WHERE NOT EXISTS (SELECT 1 FROM privacy.retention_rules r
                            WHERE r.table_name = t.table_oid
                               OR r.table_name IN (SELECT a.relid FROM pg_catalog.pg_partition_ancestors(t.table_oid) a))
         ORDER BY 1
    $q$);

SELECT compliance.register_check(
    id => 'gdpr.retention_overdue', framework => 'gdpr', severity => 'high',
    control => 'GDPR Art. 5(1)(e) (storage limitation)',
    title => 'Rows kept past their retention period',
    description => 'Rows due for deletion or anonymization for more than a day (legal holds excepted): pg-governance maintain is not running, fails, or cannot take the rows'' locks. A rule on a table the pack may not read is listed with the reason.',
    remedy => 'Run pg-governance maintain (from cron, daily or more often) and look at its output; pg-governance maintain --dry-run shows what is due.',
    requires_functions => ARRAY['privacy.retention_status()'],
    query => $q$
        SELECT s.table_name, s.action, s.keep_for::text AS keep_for, s.problem
          FROM privacy.retention_status() s
         WHERE s.overdue OR s.problem IS NOT NULL
    $q$);
