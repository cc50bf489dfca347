-- HIPAA Security Rule checks on protected health information (columns classified health).

SELECT compliance.register_check(
    id => 'hipaa.phi_public', framework => 'hipaa', severity => 'critical',
    control => 'HIPAA 164.312(a)(1) (access control)',
    title => 'PHI readable by every role (PUBLIC)',
    description => 'Columns classified health that any database role can SELECT.',
    remedy => 'REVOKE SELECT ON <table> FROM PUBLIC; and grant SELECT only to the roles that treat patients.',
    query => $q$
        SELECT p.table_name, p.column_name
          FROM compliance.public_readable_columns p
         WHERE p.category = 'health'
         ORDER BY 1, 2
    $q$);

SELECT compliance.register_check(
    id => 'hipaa.phi_without_rls', framework => 'hipaa', severity => 'high',
    control => 'HIPAA 164.312(a)(1) (access control), minimum necessary',
    title => 'PHI tables without enforced row-level security',
    description => 'Without RLS enabled, forced (so the owner is bound too) and at least one policy, every role with SELECT sees every patient.',
    remedy => 'SELECT access.enable_tenant_isolation(''<table>''); or ALTER TABLE <table> ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY; and CREATE POLICY ...',
    query => $q$
        SELECT t.table_name, t.rls_enabled, t.rls_forced, t.policies
          FROM compliance.classified_tables t
         WHERE t.phi AND NOT (t.rls_enabled AND t.rls_forced AND t.policies > 0)
         ORDER BY 1
    $q$);

SELECT compliance.register_check(
    id => 'hipaa.pgaudit_not_loaded', framework => 'hipaa', severity => 'high',
    control => 'HIPAA 164.312(b) (audit controls)',
    title => 'Special-category data present but pgaudit is not loaded',
    description => 'Reads of health or biometric data leave no trace without statement-level auditing.',
    remedy => 'Add pgaudit to shared_preload_libraries (restart), CREATE EXTENSION pgaudit; and set pgaudit.log = ''read, write, ddl, role''.',
    requires_privileges => ARRAY['role:pg_read_all_settings'],
    query => $q$
        SELECT t.table_name, t.categories
          FROM compliance.classified_tables t
         WHERE t.special_category
           AND pg_catalog.current_setting('shared_preload_libraries') !~ '(^|[\s,"])pgaudit($|[\s,"])'
         ORDER BY 1
    $q$);

SELECT compliance.register_check(
    id => 'hipaa.phi_without_audit', framework => 'hipaa', severity => 'critical',
    control => 'HIPAA 164.312(b) (audit controls)',
    title => 'PHI tables whose changes are not audited',
    description => 'Changes to patient data must be recorded with who made them.',
    remedy => 'SELECT audit.enable(''<table>''); for each listed table.',
    requires_functions => ARRAY['audit.enable(regclass)'],
    query => $q$
        SELECT t.table_name
          FROM compliance.classified_tables t
         WHERE t.phi AND NOT t.audited
         ORDER BY 1
    $q$);

SELECT compliance.register_check(
    id => 'hipaa.phi_unencrypted', framework => 'hipaa', severity => 'high',
    control => 'HIPAA 164.312(a)(2)(iv) (encryption and decryption)',
    title => 'Restricted PHI columns stored unencrypted',
    description => 'Columns classified health and restricted are stored in clear (encrypted columns are bytea).',
    remedy => 'SELECT governance.encrypt_column(<table>, <column>, <key name>); for each listed column.',
    requires_functions => ARRAY['governance.encrypt(text,text)'],
    query => $q$
        SELECT cc.relid::pg_catalog.regclass::text AS table_name, cc.column_name::text AS column_name, cc.data_type
          FROM governance.classified_columns cc
         WHERE cc.category = 'health' AND cc.sensitivity = 'restricted' AND cc.data_type <> 'bytea'
         ORDER BY 1, 2
    $q$);

SELECT compliance.register_check(
    id => 'hipaa.phi_reads_without_reason', framework => 'hipaa', severity => 'high',
    control => 'HIPAA 164.308(a)(1)(ii)(D) (information system activity review)',
    title => 'PHI accesses logged without a reason',
    description => 'Every access to PHI must state why; accesses without a reason cannot be reviewed.',
    remedy => 'Pass a reason to privacy.log_phi_access, and review the listed accesses with their actors.',
    requires_relations => ARRAY['privacy.phi_access_log'],
    query => $q$
        SELECT pg_catalog.to_jsonb(l) AS access
          FROM privacy.phi_access_log l
         WHERE coalesce(pg_catalog.btrim(pg_catalog.to_jsonb(l) ->> 'reason'), '') = ''
    $q$);

SELECT compliance.register_check(
    id => 'hipaa.break_glass_unreviewed', framework => 'hipaa', severity => 'medium',
    control => 'HIPAA 164.312(a)(2)(ii) (emergency access procedure)',
    title => 'Break-glass PHI accesses not reviewed',
    description => 'Emergency access bypasses normal controls and must be reviewed after the fact.',
    remedy => 'Review each listed access and record it: SELECT privacy.review_break_glass(<id>, ''justified'', ''<what was checked>''); (or ''unjustified'', then privacy.report_incident).',
    requires_relations => ARRAY['privacy.break_glass_accesses'],
    query => $q$
        SELECT pg_catalog.to_jsonb(a) AS access
          FROM privacy.break_glass_accesses a
         WHERE pg_catalog.to_jsonb(a) ->> 'reviewed_at' IS NULL
    $q$);

SELECT compliance.register_check(
    id => 'hipaa.incidents_past_deadline', framework => 'hipaa', severity => 'critical',
    control => 'HIPAA 164.404 (breach notification within 60 days)',
    title => 'Open security incidents past their notification deadline',
    description => 'Affected individuals must be notified without unreasonable delay and no later than 60 days after discovery.',
    remedy => 'Notify, then close each listed incident; see privacy.open_incidents.',
    requires_relations => ARRAY['privacy.open_incidents'],
    query => $q$
        SELECT pg_catalog.to_jsonb(i) AS incident
          FROM privacy.open_incidents i
         WHERE (pg_catalog.to_jsonb(i) ->> 'notification_deadline')::timestamptz < pg_catalog.now()
    $q$);
