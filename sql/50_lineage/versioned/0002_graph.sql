-- The lineage graph: assets (nodes) and edges, both table and column level.
-- Edges are versioned (valid_from/valid_to) so that the graph as of a time can be asked
-- for; a replaced or removed edge is closed, never deleted.

CREATE TABLE lineage.assets (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- OpenLineage naming: a namespace (data source, e.g. postgres://db:5432) and a name
    -- unique inside it (e.g. app.public.orders). Together the stable identity.
    namespace    text NOT NULL CHECK (namespace <> ''),
    name         text NOT NULL CHECK (name <> ''),
    asset_type   text NOT NULL CHECK (asset_type IN ('table', 'view', 'file', 'dataset', 'feature_set',
                                                      'model', 'dashboard', 'stream')),
    owner        text,
    description  text,
    tags         text[] NOT NULL DEFAULT '{}',
    -- The relation of this database the asset is, when it is one: how lineage finds the
    -- classifications of governance.classifications. An oid, not regclass, so that a
    -- dropped table leaves a dangling number rather than blocking the drop.
    relid        oid,
    -- Latest known columns (OpenLineage schema facet or the catalog): [{name, type}].
    fields       jsonb,
    created_at   timestamptz NOT NULL DEFAULT pg_catalog.now(),
    created_by   text NOT NULL,
    UNIQUE (namespace, name)
);
CREATE INDEX assets_relid_idx ON lineage.assets (relid) WHERE relid IS NOT NULL;
CREATE INDEX assets_name_idx ON lineage.assets (name);

CREATE TABLE lineage.edges (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_id           bigint NOT NULL REFERENCES lineage.assets (id),
    target_id           bigint NOT NULL REFERENCES lineage.assets (id),
    transformation_type text NOT NULL CHECK (transformation_type ~ '^[a-z][a-z0-9_]*$'),
    details             jsonb NOT NULL DEFAULT '{}',
    created_by          text NOT NULL,
    valid_from          timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
    valid_to            timestamptz,
    CHECK (source_id <> target_id),
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
-- One current edge per (source, target, transformation): add_edge is idempotent. This
-- index is also the forward adjacency list of the current graph.
CREATE UNIQUE INDEX edges_current_key ON lineage.edges (source_id, target_id, transformation_type)
    WHERE valid_to IS NULL;
-- Backward adjacency of the current graph (upstream walks).
CREATE INDEX edges_current_target_idx ON lineage.edges (target_id, source_id) WHERE valid_to IS NULL;
-- Adjacency of the whole history, for walks as of a past time.
CREATE INDEX edges_source_history_idx ON lineage.edges (source_id, valid_from);
CREATE INDEX edges_target_history_idx ON lineage.edges (target_id, valid_from);

-- Column-level mappings of an edge: which source column feeds which target column and how.
-- They belong to one version of an edge; a changed mapping makes a new edge version.
CREATE TABLE lineage.column_edges (
    edge_id        bigint NOT NULL REFERENCES lineage.edges (id),
    source_column  text NOT NULL CHECK (source_column <> ''),
    target_column  text NOT NULL CHECK (target_column <> ''),
    transformation text NOT NULL DEFAULT 'identity' CHECK (transformation ~ '^[a-z][a-z0-9_]*$'),
    PRIMARY KEY (edge_id, target_column, source_column)
);
CREATE INDEX column_edges_source_idx ON lineage.column_edges (edge_id, source_column);

-- Transformations after which data no longer identifies anyone: classification
-- propagation stops at an edge (or column mapping) that declares one of these.
-- Configuration, extended by the DPO's decision, not by pipelines.
CREATE TABLE lineage.anonymizing_transformations (
    name        text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_]*$'),
    description text NOT NULL
);
INSERT INTO lineage.anonymizing_transformations (name, description) VALUES
    ('anonymize', 'irreversible anonymisation (GDPR Recital 26)'),
    ('aggregate_anonymized', 'aggregation with a minimum group size so that no row is one person'),
    ('masking', 'OpenLineage column lineage with masking = true: no original value survives'),
    ('differential_privacy', 'output released under a differential-privacy budget'),
    ('synthetic', 'synthetic data generated from a model, no source rows copied');

INSERT INTO governance.reference_tables (table_name, reason) VALUES
    ('lineage.anonymizing_transformations', 'lineage vocabulary');

GRANT SELECT ON lineage.assets, lineage.edges, lineage.column_edges, lineage.anonymizing_transformations
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
