-- Score per framework per snapshot: the share of applicable checks that pass. Checks that
-- were not applicable or skipped are left out rather than counted as passes; a check
-- mapped to a further framework (compliance.check_mappings) counts in both.
CREATE OR REPLACE VIEW compliance.trend AS
SELECT s.id AS snapshot_id,
       s.taken_at,
       r.framework,
       pg_catalog.count(*) FILTER (WHERE r.status = 'pass')::int AS passed,
       pg_catalog.count(*) FILTER (WHERE r.status = 'fail')::int AS failed,
       pg_catalog.count(*) FILTER (WHERE r.status = 'warn')::int AS warned,
       pg_catalog.count(*) FILTER (WHERE r.status IN ('not_applicable', 'skipped'))::int AS not_evaluated,
       pg_catalog.round(100.0 * pg_catalog.count(*) FILTER (WHERE r.status = 'pass')
             / NULLIF(pg_catalog.count(*) FILTER (WHERE r.status IN ('pass', 'fail', 'warn')), 0), 1) AS score
  FROM compliance.snapshots s
  JOIN (SELECT sr.snapshot_id, sr.framework, sr.status FROM compliance.snapshot_results sr
        UNION ALL
        -- a check mapped to another framework counts there too (compliance.check_mappings)
        SELECT sr.snapshot_id, m.framework, sr.status
          FROM compliance.snapshot_results sr JOIN compliance.check_mappings m ON m.check_id = sr.check_id) r
    ON r.snapshot_id = s.id
 GROUP BY s.id, s.taken_at, r.framework;

COMMENT ON VIEW compliance.trend IS 'Per snapshot and framework: passed, failed, warned, not evaluated, score (percent of applicable checks passing)';

GRANT SELECT ON compliance.trend TO governance_admin, governance_dpo, governance_auditor;
