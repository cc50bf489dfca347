CREATE OR REPLACE VIEW privacy.break_glass_accesses AS
SELECT l.id, l.accessed_at, l.actor, l.db_user, l.patient, l.table_name, l.access_type, l.reason, l.row_count
  FROM privacy.phi_access_log l
 WHERE l.break_glass
 ORDER BY l.accessed_at DESC, l.id DESC;

COMMENT ON VIEW privacy.break_glass_accesses IS 'Emergency (break-glass) accesses to PHI, newest first, for review';

GRANT SELECT ON privacy.break_glass_accesses TO governance_admin, governance_dpo, governance_auditor;
