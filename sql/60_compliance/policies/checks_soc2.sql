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
           AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'governance', 'audit', 'access',
                                 'privacy', 'lineage', 'compliance')
           AND n.nspname !~ '^pg_(toast|temp)'
           AND NOT (c.relrowsecurity AND c.relforcerowsecurity
                    AND EXISTS (SELECT FROM pg_catalog.pg_policy p WHERE p.polrelid = c.oid))
         ORDER BY 1
    $q$);

SELECT compliance.register_check(
    id => 'soc2.audit_chain_broken', framework => 'soc2', severity => 'critical',
    control => 'SOC 2 CC7.2 (monitoring), PI1 (integrity)',
    title => 'The audit trail hash chain does not verify',
    description => 'A row of the audit trail was altered or removed outside the audit functions.',
    remedy => 'Investigate the listed row as a security incident (privacy.report_incident); restore the audit trail from backup.',
    requires_functions => ARRAY['audit.verify_chain(timestamptz)'],
    query => $q$
        SELECT pg_catalog.to_jsonb(v) AS first_mismatch
          FROM audit.verify_chain() v
    $q$);
