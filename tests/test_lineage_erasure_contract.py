"""The contract with erasure: privacy.erasure_plan and gdpr_forget carry lineage.subject_impact."""
from __future__ import annotations

import psycopg

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
        gov.log_prediction(version, "sha256:bb", {"churn": 0.1}, subject_key="c-7")

        plan = conn.execute("SELECT privacy.erasure_plan('c-42')").fetchone()[0]
        assert plan["lineage"] == gov.subject_impact("c-42")
        assert plan["lineage"]["prediction_ids"] == [prediction]
        assert "c-42" not in str(plan["lineage"]), "the subject key is never echoed back"

        record = conn.execute("SELECT privacy.gdpr_forget('c-42')").fetchone()[0]
        assert record is not None
        stored = conn.execute("SELECT lineage FROM privacy.erasures ORDER BY id DESC LIMIT 1").fetchone()[0]
        assert stored["model_versions"][0]["model"] == "churn"
