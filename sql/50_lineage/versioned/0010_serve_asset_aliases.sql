-- Other names of an asset: an OpenLineage dataset identity (namespace, name) that is a
-- registered asset under another identity. Declared (lineage.declare_alias: a model
-- artifact's path is the registered model), or recorded by ingestion when it recognises
-- a registered model (facet pgGovernance_model) or a table of this database registered
-- under another namespace. Ingestion looks here first, so each later event naming the
-- dataset reaches the asset with one index probe.
CREATE TABLE lineage.asset_aliases (
    namespace   text NOT NULL CHECK (namespace <> ''),
    name        text NOT NULL CHECK (name <> ''),
    asset_id    bigint NOT NULL REFERENCES lineage.assets (id),
    declared_by text NOT NULL,
    declared_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (namespace, name)
);
CREATE INDEX asset_aliases_asset_idx ON lineage.asset_aliases (asset_id);

INSERT INTO governance.reference_tables (table_name, reason) VALUES
    ('lineage.asset_aliases', 'lineage identity mapping');

GRANT SELECT ON lineage.asset_aliases TO governance_admin, governance_dpo, governance_auditor, governance_app;
