"""The seed tutorial's lineage example, end to end through the Python wrappers.

training_data -> user_features -> user_engagement_predictor v1.2.3, with its training run,
metrics, a deployment and predictions, must come back out exactly as it went in.
"""
from __future__ import annotations

import psycopg
import pytest

from installer import Governance

HYPERPARAMETERS = {"n_estimators": 100, "max_depth": 10, "random_state": 42}
METRICS = {"accuracy": 0.92, "precision": 0.89, "recall": 0.91, "f1_score": 0.90}
FEATURE_DETAILS = {
    "operations": ["aggregation", "normalization"],
    "algorithm": "custom_sql",
    "column_mappings": [
        {"source": "user_id", "target": "user_id"},
        {"source": "age", "target": "age_bucket", "transformation": "bucketing"},
        {"source": "engagement_score", "target": "engagement_score", "transformation": "normalization"},
    ],
}


@pytest.fixture
def seeded(installed_db):
    with psycopg.connect(installed_db) as conn:
        conn.execute("CREATE TABLE public.training_data (user_id bigint, age int, engagement_score float8, email text)")
        conn.execute("CREATE VIEW public.user_features AS SELECT user_id, age / 10 AS age_bucket, engagement_score "
                     "FROM public.training_data")
        gov = Governance(conn)
        gov.classify("public.training_data", "user_id", "direct_identifier")
        gov.classify("public.training_data", "age", "quasi_identifier")
        training = gov.register_table("public.training_data")
        features = gov.register_table("public.user_features")
        gov.describe_asset(training, owner="data_science_team",
                           description="Training dataset for user engagement prediction")
        gov.describe_asset(features, owner="ml_engineering", description="Precomputed user features for ML models")
        edge = gov.add_edge(training, features, "feature_engineering", FEATURE_DETAILS, "feature_pipeline_v1")
        gov.register_model("user_engagement_predictor", "RandomForestClassifier", "ml_team",
                           "Predicts user engagement based on behavioral features")
        version = gov.register_model_version("user_engagement_predictor", "v1.2.3")
        run = gov.log_training_run(version, features, HYPERPARAMETERS, METRICS, dataset_version="2024-06-01",
                                   code_version="git:4f2a9c1", environment="production")
        deployment = gov.deploy_model(version, "production", "https://ml.example.com/engagement")
        prediction = gov.log_prediction(version, "sha256:" + "ab" * 32, {"engaged": True, "p": 0.81},
                                        subject_key="user-1001", deployment=deployment)
        yield gov, dict(training=training, features=features, edge=edge, version=version, run=run,
                        deployment=deployment, prediction=prediction)


def test_the_seed_example_round_trips(seeded):
    gov, ids = seeded
    doc = gov.model_lineage(ids["version"])
    assert doc["model"]["name"] == "user_engagement_predictor"
    assert doc["model"]["model_type"] == "RandomForestClassifier"
    assert doc["version"] == "v1.2.3"
    [run] = doc["training_runs"]
    assert run["id"] == ids["run"]
    assert run["hyperparameters"] == HYPERPARAMETERS
    assert run["metrics"] == METRICS
    assert (run["dataset"]["id"], run["dataset_version"], run["code_version"], run["environment"]) == \
        (ids["features"], "2024-06-01", "git:4f2a9c1", "production")
    assert [(a["id"], a["depth"]) for a in run["dataset_upstream"]] == [(ids["training"], 1)]
    assert [d["id"] for d in doc["deployments"]] == [ids["deployment"]]
    assert doc["predictions"] == 1

    details = gov.conn.execute("SELECT details FROM lineage.edges WHERE id = %s", (ids["edge"],)).fetchone()[0]
    assert details == FEATURE_DETAILS


def test_transitive_questions_about_the_seed_graph(seeded):
    gov, ids = seeded
    downstream = [(row["asset_type"], row["name"], row["depth"]) for row in gov.downstream(ids["training"])]
    assert downstream[0][2] == 1 and downstream[0][1].endswith(".public.user_features")
    assert downstream[1] == ("model", "user_engagement_predictor", 2)

    assert [(r["model"], r["version"], r["depth"]) for r in gov.trained_on(ids["training"])] == \
        [("user_engagement_predictor", "v1.2.3", 1)]
    assert [(r["asset_id"], r["depth"]) for r in gov.prediction_lineage(ids["prediction"])] == \
        [(ids["features"], 1), (ids["training"], 2)]
    assert [(r["column_name"], r["depth"]) for r in gov.column_upstream(ids["features"], "age_bucket")] == [("age", 1)]

    inherited = {(r["column_name"], r["category"], r["source_column"]) for r in gov.inherited_classes(ids["features"])}
    assert inherited == {("user_id", "direct_identifier", "user_id"), ("age_bucket", "quasi_identifier", "age")}

    impact = gov.subject_impact("user-1001")
    assert impact["prediction_ids"] == [ids["prediction"]]
    [per_version] = impact["model_versions"]
    assert (per_version["model"], per_version["version"], per_version["deployments"], per_version["training_datasets"]) \
        == ("user_engagement_predictor", "v1.2.3", [ids["deployment"]], [ids["features"]])
    assert gov.subject_impact("user-9999")["predictions"] == 0


def test_the_graph_as_of_a_time(seeded):
    gov, ids = seeded
    before = gov.conn.execute("SELECT clock_timestamp()").fetchone()[0]
    gov.conn.commit()
    assert gov.remove_edge(ids["edge"]) is True
    assert gov.remove_edge(ids["edge"]) is False
    assert [r["name"] for r in gov.downstream(ids["training"])] == []
    assert [r["asset_id"] for r in gov.downstream(ids["training"], 1, as_of=before)] == [ids["features"]]
