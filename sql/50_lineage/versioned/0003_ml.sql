-- ML lineage: models, their versions, the training runs that say which dataset (and
-- which version of it) trained which model version, deployments, and predictions. A
-- model is also an asset, so the graph reaches from source tables to models.

CREATE TABLE lineage.models (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL UNIQUE CHECK (name <> ''),
    asset_id    bigint NOT NULL UNIQUE REFERENCES lineage.assets (id),
    model_type  text,
    owner       text,
    description text,
    created_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
    created_by  text NOT NULL
);

CREATE TABLE lineage.model_versions (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    model_id   bigint NOT NULL REFERENCES lineage.models (id),
    version    text NOT NULL CHECK (version <> ''),
    created_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    created_by text NOT NULL,
    UNIQUE (model_id, version)
);

CREATE TABLE lineage.training_runs (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    model_version_id bigint NOT NULL REFERENCES lineage.model_versions (id),
    dataset_id       bigint NOT NULL REFERENCES lineage.assets (id),
    dataset_version  text,
    hyperparameters  jsonb NOT NULL DEFAULT '{}' CHECK (pg_catalog.jsonb_typeof(hyperparameters) = 'object'),
    metrics          jsonb NOT NULL DEFAULT '{}' CHECK (pg_catalog.jsonb_typeof(metrics) = 'object'),
    code_version     text,
    environment      text,
    status           text NOT NULL DEFAULT 'completed' CHECK (status IN ('running', 'completed', 'failed')),
    started_at       timestamptz NOT NULL DEFAULT pg_catalog.now(),
    completed_at     timestamptz CHECK (completed_at >= started_at),
    created_by       text NOT NULL
);
CREATE INDEX training_runs_model_version_idx ON lineage.training_runs (model_version_id);
CREATE INDEX training_runs_dataset_idx ON lineage.training_runs (dataset_id);

CREATE TABLE lineage.deployments (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    model_version_id bigint NOT NULL REFERENCES lineage.model_versions (id),
    environment      text NOT NULL CHECK (environment <> ''),
    endpoint         text,
    deployed_at      timestamptz NOT NULL DEFAULT pg_catalog.now(),
    deployed_by      text NOT NULL,
    retired_at       timestamptz CHECK (retired_at >= deployed_at)
);
CREATE INDEX deployments_model_version_idx ON lineage.deployments (model_version_id);

-- One row per prediction. subject_key is set when the prediction concerns a person: it is
-- how "which predictions and models involve subject X" is answered (lineage.subject_impact,
-- used by the erasure report). The input itself is never stored, only its hash.
CREATE TABLE lineage.predictions (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    model_version_id bigint NOT NULL REFERENCES lineage.model_versions (id),
    deployment_id    bigint REFERENCES lineage.deployments (id),
    input_hash       text NOT NULL CHECK (input_hash <> ''),
    output           jsonb,
    subject_key      text CHECK (subject_key <> ''),
    predicted_at     timestamptz NOT NULL DEFAULT pg_catalog.now()
);
CREATE INDEX predictions_model_version_idx ON lineage.predictions (model_version_id, predicted_at);
CREATE INDEX predictions_subject_idx ON lineage.predictions (subject_key) WHERE subject_key IS NOT NULL;
CREATE INDEX predictions_deployment_idx ON lineage.predictions (deployment_id) WHERE deployment_id IS NOT NULL;

GRANT SELECT ON lineage.models, lineage.model_versions, lineage.training_runs, lineage.deployments
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
-- Predictions carry subject keys: personal data, for the roles that handle it.
GRANT SELECT ON lineage.predictions TO governance_admin, governance_dpo, governance_auditor;
