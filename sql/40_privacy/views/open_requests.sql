CREATE OR REPLACE VIEW privacy.open_requests AS
SELECT * FROM privacy.open_requests_as_of(pg_catalog.now());

COMMENT ON VIEW privacy.open_requests IS 'Data-subject requests not yet completed or rejected, soonest due first';

GRANT SELECT ON privacy.open_requests TO governance_admin, governance_dpo, governance_auditor;
