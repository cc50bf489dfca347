-- The latest measurement of every metric of every asset, with its status.
CREATE OR REPLACE VIEW lineage.latest_quality AS
SELECT DISTINCT ON (m.asset_id, m.metric)
       m.asset_id, a.namespace, a.name, m.metric, m.value, m.unit, m.status, m.measured_at
  FROM lineage.quality_metrics m
  JOIN lineage.assets a ON a.id = m.asset_id
 ORDER BY m.asset_id, m.metric, m.measured_at DESC, m.id DESC;

COMMENT ON VIEW lineage.latest_quality IS 'Latest quality measurement per asset and metric, with status';

GRANT SELECT ON lineage.latest_quality TO governance_admin, governance_dpo, governance_auditor, governance_app;
