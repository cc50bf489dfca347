-- The live dashboard's activity chart (pg-governance serve): audited row changes and
-- application events per hour over the last 24 hours, empty hours included. Counts
-- only: the dashboard shows no row of the trail, so it needs no more than these views.
-- Rows changed are the statements' row counts, sealed (audit.statements) or still raw
-- (audit.pending): read as this view's owner, whereas audit.changes would make its
-- reader (the DPO too) run the sealer's readers with the reader's own rights.
CREATE OR REPLACE VIEW compliance.dashboard_activity AS
SELECT h.hour,
       (SELECT COALESCE(pg_catalog.sum(s.row_count), 0) FROM (
            SELECT st.row_count FROM audit.statements st
             WHERE st.occurred_at >= h.hour AND st.occurred_at < h.hour + interval '1 hour'
            UNION ALL
            SELECT p.row_count FROM audit.pending p
             WHERE p.occurred_at >= h.hour AND p.occurred_at < h.hour + interval '1 hour') s)::int AS changes,
       (SELECT pg_catalog.count(*) FROM audit.events e
         WHERE e.occurred_at >= h.hour AND e.occurred_at < h.hour + interval '1 hour')::int AS events
  FROM pg_catalog.generate_series(pg_catalog.date_trunc('hour', pg_catalog.now()) - interval '23 hours',
                                  pg_catalog.date_trunc('hour', pg_catalog.now()), interval '1 hour') AS h(hour);

COMMENT ON VIEW compliance.dashboard_activity IS
    'Audited row changes and application events per hour, last 24 hours (the serve dashboard)';

GRANT SELECT ON compliance.dashboard_activity TO governance_admin, governance_dpo, governance_auditor;
