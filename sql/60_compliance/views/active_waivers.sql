CREATE OR REPLACE VIEW compliance.active_waivers AS
SELECT w.id, w.check_id, k.framework, k.title, w.reason, w.approved_by, w.expires_at, w.created_at, w.created_by
  FROM compliance.waivers w
  JOIN compliance.checks k ON k.id = w.check_id
 WHERE w.expires_at > pg_catalog.now();

COMMENT ON VIEW compliance.active_waivers IS 'Waivers that have not expired: accepted risks reported as warnings';

GRANT SELECT ON compliance.active_waivers TO governance_admin, governance_dpo, governance_auditor;
