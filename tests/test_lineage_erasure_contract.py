"""The contract with erasure: privacy.erasure_plan and gdpr_forget carry lineage.subject_impact,
and gdpr_forget unlinks the subject's predictions through lineage.forget_subject."""
from __future__ import annotations

import psycopg
import pytest

from installer import Governance


def test_the_erasure_plan_and_record_name_the_subjects_predictions(installed_db):
    with psycopg.connect(installed_db) as conn:
        conn.execute("CREATE TABLE public.customers (id text PRIMARY KEY, email text)")
        conn.execute("INSERT INTO public.customers VALUES ('c-42', 'x@example.com'), ('c-7', 'y@example.com')")
        conn.execute("SELECT privacy.register_subject('customer', 'public.customers', 'id')")
        gov = Governance(conn)
        gov.register_model("churn", "XGBoost")
        version = gov.register_model_version("churn", "1.0")
        gov.log_training_run(version, gov.register_table("public.customers"))
        prediction = gov.log_prediction(version, "sha256:aa", {"churn": 0.9}, subject_key="c-42")
        other = gov.log_prediction(version, "sha256:bb", {"churn": 0.1}, subject_key="c-7")

        plan = conn.execute("SELECT privacy.erasure_plan('c-42')").fetchone()[0]
        assert plan["lineage"] == gov.subject_impact("c-42")
        assert plan["lineage"]["prediction_ids"] == [prediction]
        assert "c-42" not in str(plan["lineage"]), "the subject key is never echoed back"

        record = conn.execute("SELECT privacy.gdpr_forget('c-42')").fetchone()[0]
        assert record["predictions_unlinked"] == 1
        stored = conn.execute("SELECT lineage FROM privacy.erasures ORDER BY id DESC LIMIT 1").fetchone()[0]
        assert stored["model_versions"][0]["model"] == "churn"
        rows = dict(conn.execute("SELECT id, (subject_key, input_hash, output::text) FROM lineage.predictions").fetchall())
        assert rows == {prediction: (None, "erased", '{"churn": 0.9}'), other: ("c-7", "sha256:bb", '{"churn": 0.1}')}


def test_a_repeated_erasure_unlinks_predictions_written_after_it(installed_db):
    """lineage.forget_subject is not granted on its own (alone it unlinked a subject who was
    not erased, unrecorded): predictions that raced an erasure, or that predate the
    contract, are unlinked by gdpr_forget again."""
    with psycopg.connect(installed_db) as conn:
        conn.execute("CREATE TABLE public.customers (id text PRIMARY KEY, email text)")
        hostile = "x' OR '1'='1"
        conn.execute("INSERT INTO public.customers VALUES (%s, 'x@example.com')", (hostile,))
        conn.execute("SELECT privacy.register_subject('customer', 'public.customers', 'id')")
        gov = Governance(conn)
        gov.register_model("churn", "XGBoost")
        version = gov.register_model_version("churn", "2.0")
        gov.log_prediction(version, "sha256:bb", {"churn": 0.1}, subject_key="c-7")
        assert conn.execute("SELECT privacy.gdpr_forget(%s)", (hostile,)).fetchone()[0]["status"] == "erased"
        gov.log_prediction(version, "sha256:aa", {"churn": 0.9}, subject_key=hostile)  # written after the erasure

        result = conn.execute("SELECT privacy.gdpr_forget(%s)", (hostile,)).fetchone()[0]

        assert result["status"] == "already_erased" and result["predictions_unlinked"] == 1
        assert gov.subject_impact(hostile)["predictions"] == 0
        assert gov.subject_impact("c-7")["predictions"] == 1, "a hostile key is a value, not SQL"
        assert conn.execute("SELECT privacy.gdpr_forget(%s)", (hostile,)).fetchone()[0]["predictions_unlinked"] == 0
        conn.execute("SET ROLE governance_dpo")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT lineage.forget_subject('c-7')")
