-- SOC 2 common criteria that the database state shows.

SELECT compliance.register_check(
    id => 'soc2.tenant_tables_without_rls', framework => 'soc2', severity => 'high',
    control => 'SOC 2 CC6.1 (logical access)',
    title => 'Multi-tenant tables without enforced row-level security',
    description => 'Tables with a tenant_id column where one tenant can read another''s rows: RLS is off, not forced, or has no policy.',
    remedy => 'SELECT access.enable_tenant_isolation(''<table>''); (or ENABLE and FORCE ROW LEVEL SECURITY with a tenant policy).',
    query => $q$
        SELECT c.oid::pg_catalog.regclass::text AS table_name, c.relrowsecurity AS rls_enabled,
               c.relforcerowsecurity AS rls_forced
          FROM pg_catalog.pg_class c
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
         WHERE c.relkind IN ('r', 'p')
           AND n.nspname NOT IN ('pg_catalog', 'information_schema')
           AND n.nspname <> ALL (governance.pack_schemas())
           AND n.nspname !~ '^pg_(toast|temp)'
           AND NOT (c.relrowsecurity AND c.relforcerowsecurity
                    AND EXISTS (SELECT 1 FROM pg_catalog.pg_policy p WHERE p.polrelid = c.oid))
         ORDER BY 1
    $q$);

SELECT compliance.register_check(
    id => 'soc2.audit_chain_broken', framework => 'soc2', severity => 'critical',
    control => 'SOC 2 CC7.2 (monitoring), PI1 (integrity)',
    title => 'The audit trail hash chain does not verify',
    description => 'A row of the audit trail was altered or removed outside the audit functions, or the chain could not be verified at all (kind unverifiable): a chain that cannot be verified is never reported intact.',
    remedy => 'Kind unsealed with a recent capture time: committed rows wait for SELECT audit.seal(), schedule it every minute (cron, pg_cron). Kind unverifiable: the detail names the error that stopped verification (a row no capture path writes, such as a time at infinity, is itself evidence of tampering). Any other kind: investigate the listed row as a security incident (privacy.report_incident), verify against a checkpoint kept outside (audit.verify_chain(NULL, seq, hash)) and restore the audit trail from backup.',
    requires_functions => ARRAY['audit.verify_chain(timestamptz)'],
    query => $q$
        SELECT pg_catalog.to_jsonb(v) AS first_mismatch
          FROM audit.verify_chain() v
    $q$);

SELECT compliance.register_check(
    id => 'soc2.activity_anomalies', framework => 'soc2', severity => 'medium', on_finding => 'warn',
    control => 'SOC 2 CC7.2 (monitoring for anomalies)',
    title => 'Actors changing classified tables far above their own baseline',
    description => 'In the last hour, these actors changed rows of classified tables much more than usual for them (robust z-score over 14 days of hourly counts): a runaway job, a compromised account or bulk exfiltration by update.',
    remedy => 'Review the actors'' recent changes (SELECT * FROM audit.changes WHERE actor = ... ORDER BY occurred_at DESC); if unexplained, lock the account and report an incident with privacy.report_incident.',
    requires_relations => ARRAY['audit.changes'],
    query => $q$
        SELECT a.actor, a.current_count, a.baseline_median, a.score
          FROM compliance.activity_anomalies('audit.changes', table_column => 'table_name') a
    $q$);

SELECT compliance.register_check(
    id => 'soc2.failed_login_bursts', framework => 'soc2', severity => 'high',
    control => 'SOC 2 CC6.1, CC7.2 (detection of unauthorised access attempts)',
    title => 'Bursts of failed logins',
    description => 'Five or more failed logins for one actor in the last 15 minutes, as logged by the application in audit.events: password guessing or a misconfigured client.',
    remedy => 'Check the source addresses of the listed failures; lock or rate-limit the account if they are not the owner''s.',
    requires_relations => ARRAY['audit.events'],
    query => $q$
        SELECT e.actor, pg_catalog.count(*) AS failures, pg_catalog.min(e.occurred_at) AS first_at,
               pg_catalog.max(e.occurred_at) AS last_at
          FROM audit.events e
         WHERE NOT e.success AND e.occurred_at > pg_catalog.now() - interval '15 minutes'
           AND (e.event_type IN ('login', 'authentication') OR e.action = 'login')
         GROUP BY e.actor
        HAVING pg_catalog.count(*) >= 5
         ORDER BY 2 DESC
    $q$);

-- The security scan's checks that are SOC 2 controls too: run_checks('soc2') runs them
-- under these controls, and the SOC 2 score counts them.
INSERT INTO compliance.check_mappings AS m (check_id, framework, control)
SELECT v.check_id, 'soc2', v.control
  FROM (VALUES
        ('security.ssl', 'SOC 2 CC6.7 (data in transmission encrypted)'),
        ('security.password_encryption', 'SOC 2 CC6.1 (authentication)'),
        ('security.md5_passwords', 'SOC 2 CC6.1 (authentication)'),
        ('security.login_without_password', 'SOC 2 CC6.1 (authentication)'),
        ('security.hba_trust', 'SOC 2 CC6.1 (authentication)'),
        ('security.hba_weak_methods', 'SOC 2 CC6.1 (authentication)'),
        ('security.hba_errors', 'SOC 2 CC6.1 (authentication), CC8.1 (changes reviewed)'),
        ('security.superusers', 'SOC 2 CC6.3 (least privilege)'),
        ('security.bypassrls_roles', 'SOC 2 CC6.3 (least privilege)'),
        ('security.all_data_roles', 'SOC 2 CC6.3 (least privilege)'),
        ('security.public_create_schema', 'SOC 2 CC6.1 (logical access)'),
        ('security.public_default_privileges', 'SOC 2 CC6.1 (logical access)'),
        ('security.definer_search_path', 'SOC 2 CC6.1 (logical access)'),
        ('security.governance_public_execute', 'SOC 2 CC6.1 (logical access)'),
        ('security.governance_public_relations', 'SOC 2 CC6.1 (logical access)'),
        ('security.governance_owner_privileged', 'SOC 2 CC6.3 (least privilege)'),
        ('security.definer_reaches_untrusted_code', 'SOC 2 CC6.1 (logical access)'),
        ('security.context_gateways', 'SOC 2 CC6.2 (identities of users)'),
        ('security.evidence_writable', 'SOC 2 CC7.2 (monitoring), PI1 (integrity)'),
        ('security.log_connections', 'SOC 2 CC7.2 (monitoring)'),
        ('security.log_disconnections', 'SOC 2 CC7.2 (monitoring)'),
        ('security.log_statement', 'SOC 2 CC7.2 (monitoring)')) v (check_id, control)
 WHERE EXISTS (SELECT 1 FROM compliance.checks k WHERE k.id = v.check_id)
ON CONFLICT (check_id, framework) DO UPDATE SET control = EXCLUDED.control;
