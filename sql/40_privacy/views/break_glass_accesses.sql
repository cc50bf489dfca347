CREATE OR REPLACE VIEW privacy.break_glass_accesses AS
SELECT l.id, l.accessed_at, l.actor, l.db_user, l.patient, l.table_name, l.access_type, l.reason, l.row_count,
       r.reviewed_at, r.reviewed_by, r.outcome AS review_outcome, r.note AS review_note
  FROM privacy.phi_access_log l
  LEFT JOIN privacy.break_glass_reviews r ON r.access_id = l.id
 WHERE l.break_glass
 ORDER BY l.accessed_at DESC, l.id DESC;

COMMENT ON VIEW privacy.break_glass_accesses IS
    'Emergency (break-glass) accesses to PHI, newest first, with their review (privacy.review_break_glass) or NULLs while unreviewed';

GRANT SELECT ON privacy.break_glass_accesses TO governance_admin, governance_dpo, governance_auditor;
