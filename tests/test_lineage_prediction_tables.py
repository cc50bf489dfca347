"""Predictions where they already are: an application's predictions table, registered once,
is read by subject_impact, the erasure plan and export, and unlinked by erasure, without
the model server logging each prediction again; log_predictions for those who copy."""
from __future__ import annotations

import psycopg
import pytest

from installer import Governance


@pytest.fixture
def conn(installed_db):
    with psycopg.connect(installed_db, autocommit=True) as conn:
        conn.execute("CREATE TABLE public.customers (id text PRIMARY KEY, email text)")
        conn.execute("INSERT INTO public.customers VALUES ('c-42', 'x@example.com'), ('c-7', 'y@example.com')")
        conn.execute("SELECT privacy.register_subject('customer', 'public.customers', 'id')")
        conn.execute("CREATE SCHEMA app")
        conn.execute("CREATE TABLE app.churn_scores (id bigserial PRIMARY KEY, customer_id text, model text NOT NULL, "
                     "model_version text NOT NULL, scored_at timestamptz NOT NULL DEFAULT now(), score numeric)")
        conn.execute("CREATE INDEX ON app.churn_scores (customer_id)")
        conn.execute("INSERT INTO app.churn_scores (customer_id, model, model_version, score) VALUES "
                     "('c-42', 'churn', 'v1', 0.9), ('c-42', 'churn', 'v2', 0.8), ('c-7', 'churn', 'v1', 0.1)")
        yield conn


def register(gov: Governance) -> None:
    gov.register_predictions_table("app.churn_scores", "customer_id", "scored_at", model_column="model",
                                   version_column="model_version", output_column="score")


def test_impact_plan_export_and_erasure_read_the_registered_table(conn):
    gov = Governance(conn)
    gov.register_model("churn")
    v1 = gov.register_model_version("churn", "v1")
    gov.log_training_run(v1, gov.register_table("public.customers"))
    register(gov)

    impact = gov.subject_impact("c-42")
    assert impact["predictions"] == 2
    [table] = impact["prediction_tables"]
    assert table["table"] == "app.churn_scores" and table["predictions"] == 2
    assert [(m["version"], m["model_version_id"], m["predictions"]) for m in table["model_versions"]] == [
        ("v1", v1, 1), ("v2", None, 1)]  # v2 is not registered: named as the table names it
    assert conn.execute("SELECT privacy.erasure_plan('c-42')").fetchone()[0]["lineage"]["prediction_tables"] == \
        impact["prediction_tables"]

    exported = gov.gdpr_export("c-42")["predictions"]
    assert sorted((p["table"], p["version"], float(p["output"])) for p in exported) == [
        ("app.churn_scores", "v1", 0.9), ("app.churn_scores", "v2", 0.8)]

    record = gov.gdpr_forget("c-42")
    assert record["predictions_unlinked"] == 2
    assert conn.execute("SELECT customer_id, model_version, score::float FROM app.churn_scores ORDER BY id").fetchall() == [
        (None, "v1", 0.9), (None, "v2", 0.8), ("c-7", "v1", 0.1)]  # kept for monitoring, no longer the person's
    assert gov.subject_impact("c-42")["predictions"] == 0
    assert gov.subject_impact("c-7")["predictions"] == 1


def test_registration_refuses_what_erasure_could_not_use(conn):
    gov = Governance(conn)
    conn.execute("CREATE TABLE app.strict (customer_id text NOT NULL, at timestamptz, m text)")
    with pytest.raises(psycopg.errors.InvalidParameterValue, match="NOT NULL"):
        gov.register_predictions_table("app.strict", "customer_id", "at", model_column="m")
    with pytest.raises(psycopg.errors.UndefinedColumn):
        gov.register_predictions_table("app.churn_scores", "nobody", "scored_at", model_column="model")
    with pytest.raises(psycopg.errors.InvalidParameterValue, match="either model_column"):
        gov.register_predictions_table("app.churn_scores", "customer_id", "scored_at")
    with pytest.raises(psycopg.errors.DatatypeMismatch):
        gov.register_predictions_table("app.churn_scores", "customer_id", "score", model_column="model")
    # Only the administrator registers (erasure will write to the table as the pack's owner).
    conn.execute("SET ROLE governance_app")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        register(gov)
    conn.execute("RESET ROLE")
    # A column dropped after registration is an error, never a table silently skipped.
    register(gov)
    conn.execute("ALTER TABLE app.churn_scores RENAME COLUMN customer_id TO client_id")
    with pytest.raises(psycopg.errors.UndefinedColumn, match="no column"):
        gov.subject_impact("c-42")


def test_a_hostile_or_mistyped_key_is_a_value(conn):
    gov = Governance(conn)
    conn.execute("CREATE TABLE app.scores_by_int (customer int, at timestamptz, out jsonb)")
    conn.execute("INSERT INTO app.scores_by_int VALUES (42, now(), '{\"churn\": true}')")
    gov.register_predictions_table("app.scores_by_int", "customer", "at", model_name="churn", output_column="out")
    register(gov)
    assert gov.subject_impact("x' OR '1'='1")["predictions"] == 0  # not an int: no row of that table
    impact = gov.subject_impact("42")
    assert [(t["table"], t["predictions"]) for t in impact["prediction_tables"]] == [("app.scores_by_int", 1)]


def test_log_predictions_logs_a_batch(conn):
    gov = Governance(conn)
    gov.register_model("churn")
    version = gov.register_model_version("churn", "v1")
    batch = [{"input_hash": f"sha256:{i:02x}", "output": {"churn": i / 10}, "subject_key": f"C-{i} "} for i in range(5)]
    assert gov.log_predictions(version, batch + [{"input_hash": "sha256:ff", "output": None}]) == 6
    assert gov.subject_impact("c-3")["predictions"] == 1  # keys in the pack's one form, as log_prediction stores them
    with pytest.raises(psycopg.errors.InvalidParameterValue, match=r"\$\[1\] needs a non-empty input_hash"):
        gov.log_predictions(version, [{"input_hash": "sha256:01"}, {"output": 1}])
