-- An application's own predictions table, registered so that erasure, export and
-- subject_impact read the predictions where they already are, instead of the model
-- server logging each one a second time into lineage.predictions. The columns are named
-- once here: which holds the subject's key, the model, its version, the time, and
-- optionally the output. model_name stands for a model column when the table holds one
-- model's predictions.
CREATE TABLE lineage.prediction_tables (
    table_name     regclass PRIMARY KEY,
    subject_column name NOT NULL,
    model_column   name,
    model_name     text CHECK (model_name <> ''),
    version_column name,
    time_column    name NOT NULL,
    output_column  name,
    registered_by  text NOT NULL,
    registered_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
    CHECK ((model_column IS NULL) <> (model_name IS NULL))
);

INSERT INTO governance.reference_tables (table_name, reason) VALUES
    ('lineage.prediction_tables', 'where applications keep their predictions');

GRANT SELECT ON lineage.prediction_tables TO governance_admin, governance_dpo, governance_auditor, governance_app;
