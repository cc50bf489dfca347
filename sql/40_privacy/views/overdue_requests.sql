CREATE OR REPLACE VIEW privacy.overdue_requests AS
SELECT * FROM privacy.open_requests_as_of(pg_catalog.now()) WHERE overdue;

COMMENT ON VIEW privacy.overdue_requests IS 'Open data-subject requests past their statutory (or extended) due date';

GRANT SELECT ON privacy.overdue_requests TO governance_admin, governance_dpo, governance_auditor;
