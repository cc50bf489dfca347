-- The live dashboard's counters (pg-governance serve), one row, last 24 hours unless
-- said otherwise. Failed logins use the same rule as the check soc2.failed_login_bursts;
-- denials are what access.log_denial records. The chain status verifies the last day's
-- links only: the full verification belongs to audit.verify_chain, run by the auditor.
CREATE OR REPLACE VIEW compliance.dashboard_security AS
SELECT pg_catalog.now() AS as_of,
       (SELECT pg_catalog.count(*) FROM audit.events e
         WHERE NOT e.success AND e.occurred_at > pg_catalog.now() - interval '24 hours'
           AND (e.event_type IN ('login', 'authentication') OR e.action = 'login'))::int AS failed_logins,
       (SELECT pg_catalog.count(*) FROM audit.events e
         WHERE e.event_type = 'access_denied' AND e.occurred_at > pg_catalog.now() - interval '24 hours')::int AS denials,
       (SELECT pg_catalog.count(*) FROM privacy.phi_access_log l
         WHERE l.access_type = 'read' AND l.accessed_at > pg_catalog.now() - interval '24 hours')::int AS phi_reads,
       (SELECT pg_catalog.count(*) FROM privacy.phi_access_log l
         WHERE l.break_glass AND l.accessed_at > pg_catalog.now() - interval '24 hours')::int AS break_glass,
       (SELECT pg_catalog.count(*) FROM privacy.break_glass_accesses b WHERE b.reviewed_at IS NULL)::int
           AS break_glass_unreviewed,
       (SELECT pg_catalog.count(*) FROM privacy.open_requests r)::int AS requests_open,
       (SELECT pg_catalog.count(*) FROM privacy.open_requests r
         WHERE NOT r.overdue AND r.due_at < pg_catalog.now() + interval '7 days')::int AS requests_due_7d,
       (SELECT pg_catalog.count(*) FROM privacy.open_requests r WHERE r.overdue)::int AS requests_overdue,
       (SELECT pg_catalog.count(*) FROM audit.verify_chain(pg_catalog.now() - interval '24 hours') v)::int
           AS chain_problems;

COMMENT ON VIEW compliance.dashboard_security IS
    'Failed logins, denials, PHI reads and break-glass (24 h), data-subject requests open/due/overdue, audit chain problems (the serve dashboard)';

-- Not the DPO: audit.verify_chain, which the view calls as its reader, is the auditor's.
GRANT SELECT ON compliance.dashboard_security TO governance_admin, governance_auditor;
