-- The live dashboard's compliance scores (pg-governance serve): each framework's score in
-- the latest snapshot (compliance.snapshot), computed as compliance.trend does (which
-- sorts after this file, so it is not read here). The dashboard does not run the checks:
-- running them is the auditor's act, recorded as a snapshot.
CREATE OR REPLACE VIEW compliance.dashboard_scores AS
SELECT r.framework,
       pg_catalog.round(100.0 * pg_catalog.count(*) FILTER (WHERE r.status = 'pass')
             / NULLIF(pg_catalog.count(*) FILTER (WHERE r.status IN ('pass', 'fail', 'warn')), 0), 1) AS score,
       pg_catalog.count(*) FILTER (WHERE r.status = 'pass')::int AS passed,
       pg_catalog.count(*) FILTER (WHERE r.status = 'fail')::int AS failed,
       pg_catalog.count(*) FILTER (WHERE r.status = 'warn')::int AS warned,
       pg_catalog.max(s.taken_at) AS taken_at
  FROM compliance.snapshots s
  JOIN compliance.snapshot_results r ON r.snapshot_id = s.id
 WHERE s.id = (SELECT pg_catalog.max(l.id) FROM compliance.snapshots l)
 GROUP BY r.framework;

COMMENT ON VIEW compliance.dashboard_scores IS
    'Score per framework in the latest compliance snapshot (the serve dashboard)';

GRANT SELECT ON compliance.dashboard_scores TO governance_admin, governance_dpo, governance_auditor;
