"""One asset, one edge, whichever path records it: OpenLineage datasets that are this
database's tables or registered models become those assets; the same flow from SQL and
from OpenLineage is one edge; edges carry the job that made them (docs/lineage.md,
"Identity across intake paths")."""
from __future__ import annotations

import json
import uuid

import psycopg
import pytest

NAMESPACE = "postgres://db.example.com:5432"


@pytest.fixture
def conn(installed_db):
    with psycopg.connect(installed_db, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA app")
        conn.execute("CREATE TABLE app.sessions (id int PRIMARY KEY, user_id int)")
        conn.execute("CREATE TABLE app.features (user_id int, sessions int)")
        yield conn


def ingest(conn, inputs, outputs, job="build_features", event_type="COMPLETE", job_facets=None) -> bool:
    event = {"eventType": event_type, "eventTime": "2024-05-01T10:00:00Z", "producer": "https://example.com/airflow",
             "run": {"runId": str(uuid.uuid4())},
             "job": {"namespace": "airflow", "name": job, **({"facets": job_facets} if job_facets else {})},
             "inputs": inputs, "outputs": outputs}
    return conn.execute("SELECT lineage.ingest_openlineage(%s)", (json.dumps(event),)).fetchone()[0]


def local(conn, table: str) -> dict:
    database = conn.execute("SELECT current_database()").fetchone()[0]
    return {"namespace": NAMESPACE, "name": f"{database}.{table}"}


def value(conn, query: str, *params):
    return conn.execute(query, params).fetchone()[0]


def current_edges(conn, source: int, target: int) -> list[tuple]:
    return conn.execute("SELECT transformation_type, details FROM lineage.edges WHERE source_id = %s AND "
                        "target_id = %s AND valid_to IS NULL", (source, target)).fetchall()


def test_a_registered_table_named_by_openlineage_is_that_table(conn):
    old = value(conn, "SELECT lineage.register_table('app.sessions')")  # under the default namespace
    conn.execute("SELECT governance.set_setting('lineage_namespace', %s)", (NAMESPACE,))
    ingest(conn, [local(conn, "app.sessions")], [local(conn, "app.features")])
    features = value(conn, "SELECT id FROM lineage.assets WHERE name LIKE '%%.app.features'")
    # The table registered under the earlier namespace is found by the relation it is;
    # the other, new to the graph, is typed table (not dataset) and linked to its relation.
    assert value(conn, "SELECT count(*) FROM lineage.assets WHERE name LIKE '%%.app.sessions'") == 1
    assert [e[0] for e in current_edges(conn, old, features)] == ["job"]
    assert conn.execute("SELECT asset_type, relid = 'app.features'::regclass FROM lineage.assets WHERE id = %s",
                        (features,)).fetchone() == ("table", True)
    assert value(conn, "SELECT asset_id FROM lineage.asset_aliases WHERE name LIKE '%%.app.sessions'") == old


def test_a_table_first_ingested_as_a_generic_dataset_becomes_a_table(conn):
    conn.execute("SELECT governance.set_setting('lineage_namespace', %s)", (NAMESPACE,))
    sessions = local(conn, "app.sessions")
    conn.execute("INSERT INTO lineage.assets (namespace, name, asset_type, relid, created_by) "
                 "VALUES (%s, %s, 'dataset', 'app.sessions'::regclass, 'an earlier release')",
                 (sessions["namespace"], sessions["name"]))
    ingest(conn, [sessions], [{"namespace": "s3://lake", "name": "sessions.parquet"}])
    assert value(conn, "SELECT asset_type FROM lineage.assets WHERE name = %s", sessions["name"]) == "table"


def test_a_model_artifact_is_the_registered_model(conn):
    model = value(conn, "SELECT lineage.register_model('churn', 'XGBClassifier')")
    model_asset = value(conn, "SELECT asset_id FROM lineage.models WHERE id = %s", model)
    features = {"namespace": "s3://lake", "name": "features/churn"}
    # By the facet: the dataset names the model (and its version).
    ingest(conn, [features], [{"namespace": "s3://ml-artifacts", "name": "churn/models/v3",
                               "facets": {"pgGovernance_model": {"_producer": "https://example.com",
                                                                 "_schemaURL": "https://example.com/model.json",
                                                                 "name": "churn", "version": "v3"}}}], job="train_churn")
    source = value(conn, "SELECT id FROM lineage.assets WHERE name = 'features/churn'")
    assert [e[0] for e in current_edges(conn, source, model_asset)] == ["job"]
    assert value(conn, "SELECT version FROM lineage.model_versions WHERE model_id = %s", model) == "v3"
    assert value(conn, "SELECT count(*) FROM lineage.assets WHERE namespace = 's3://ml-artifacts'") == 0
    # By a declared alias: no facet needed.
    conn.execute("SELECT lineage.declare_alias('s3://ml-artifacts', 'churn/models/v4', %s)", (model_asset,))
    ingest(conn, [{"namespace": "s3://lake", "name": "features/churn_v4"}],
           [{"namespace": "s3://ml-artifacts", "name": "churn/models/v4"}], job="train_churn")
    assert value(conn, "SELECT count(*) FROM lineage.assets WHERE namespace = 's3://ml-artifacts'") == 0
    assert model_asset in [row[0] for row in conn.execute("SELECT asset_id FROM lineage.downstream(%s)",
                                                          (value(conn, "SELECT lineage.find_asset('features/churn_v4')"),))]
    # An identity that is already an asset of its own cannot become an alias afterwards.
    with pytest.raises(psycopg.errors.UniqueViolation, match="is already asset"):
        conn.execute("SELECT lineage.declare_alias('s3://lake', 'features/churn', %s)", (model_asset,))


def test_the_same_flow_from_sql_and_openlineage_is_one_edge_carrying_the_job(conn):
    model = value(conn, "SELECT lineage.register_model('churn')")
    model_asset = value(conn, "SELECT asset_id FROM lineage.models WHERE id = %s", model)
    version = value(conn, "SELECT lineage.register_model_version('churn', 'v1')")
    features = value(conn, "SELECT lineage.register_asset('s3://lake', 'features/churn', 'feature_set')")
    # From SQL first (a training run), then the orchestrator's event of the same training.
    conn.execute("SELECT lineage.log_training_run(%s, %s)", (version, features))
    job_type = {"jobType": {"_producer": "https://example.com", "_schemaURL": "https://example.com/jt.json",
                            "processingType": "BATCH", "integration": "AIRFLOW", "jobType": "TASK"}}
    for _ in range(2):  # a daily run: the second changes nothing
        ingest(conn, [{"namespace": "s3://lake", "name": "features/churn"}],
               [{"namespace": "ml", "name": "churn"}], job="train_churn", job_facets=job_type)
    edges = current_edges(conn, features, model_asset)
    assert edges == [("training", {"job": {"namespace": "airflow", "name": "train_churn", "type": "task",
                                           "integration": "airflow", "processing": "batch"}})]
    assert value(conn, "SELECT count(*) FROM lineage.edges WHERE source_id = %s AND target_id = %s",
                 features, model_asset) == 2  # the SQL edge, then its version carrying the job

    # OpenLineage first, then SQL: the generic edge gives way to the specific one, job kept;
    # a repeated SQL call is idempotent.
    raw = value(conn, "SELECT lineage.register_asset('s3://lake', 'raw/events', 'file')")
    ingest(conn, [{"namespace": "s3://lake", "name": "raw/events"}], [{"namespace": "s3://lake", "name": "features/churn"}],
           job="build_features")
    first = value(conn, "SELECT lineage.add_edge(%s, %s, 'feature_engineering', NULL, 'pipeline')", raw, features)
    again = value(conn, "SELECT lineage.add_edge(%s, %s, 'feature_engineering', NULL, 'pipeline')", raw, features)
    assert first == again
    assert current_edges(conn, raw, features) == [("feature_engineering",
                                                   {"job": {"namespace": "airflow", "name": "build_features"}})]

    # Pictures label edges with the job, not "job".
    dot = value(conn, "SELECT lineage.to_dot(%s, 2)", features)
    assert 'label="train_churn (training)"' in dot and 'label="build_features (feature_engineering)"' in dot
    mermaid = value(conn, "SELECT lineage.to_mermaid(%s, 2)", features)
    assert '-->|"train_churn (training)"|' in mermaid


def test_hostile_job_names_cannot_break_the_pictures(conn):
    ingest(conn, [{"namespace": "s3://a", "name": "in"}], [{"namespace": "s3://a", "name": "out"}],
           job='x"] -> evil [label="|<script>#\n')
    asset = value(conn, "SELECT lineage.find_asset('s3://a/in')")
    dot = value(conn, "SELECT lineage.to_dot(%s, 1)", asset)
    assert 'label="x\\"] -> evil [label=\\"|<script>#\\n"' in dot
    edge_line = [line for line in value(conn, "SELECT lineage.to_mermaid(%s, 1)", asset).splitlines() if "-->" in line][0]
    assert edge_line.count('"') == 2 and edge_line.count("|") == 2 and "<" not in edge_line
