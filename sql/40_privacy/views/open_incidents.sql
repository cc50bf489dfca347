CREATE OR REPLACE VIEW privacy.open_incidents AS
SELECT i.id, i.incident_type, i.severity, i.description, i.status, i.detected_at, i.reported_by, i.contained_at,
       i.authority_due_at, i.authority_notified_at,
       i.authority_notified_at IS NULL AND i.authority_due_at < pg_catalog.now()     AS authority_overdue,
       i.individuals_due_at, i.individuals_notified_at,
       i.individuals_notified_at IS NULL AND i.individuals_due_at < pg_catalog.now() AS individuals_overdue
  FROM privacy.incidents i
 WHERE i.status <> 'closed'
 ORDER BY i.detected_at, i.id;

COMMENT ON VIEW privacy.open_incidents IS 'Security incidents not closed, with their notification deadlines and whether they are missed';

GRANT SELECT ON privacy.open_incidents TO governance_admin, governance_dpo, governance_auditor;
