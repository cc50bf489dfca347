-- Lineage: where data comes from and where it goes, from tables to ML predictions.
CREATE SCHEMA lineage;
COMMENT ON SCHEMA lineage IS 'pg-governance: data assets, lineage edges (table and column level), quality metrics, ML models, training runs, deployments, predictions, OpenLineage ingestion';
GRANT USAGE ON SCHEMA lineage TO governance_admin, governance_dpo, governance_auditor, governance_app;
