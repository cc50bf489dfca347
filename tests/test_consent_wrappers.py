"""The consent, requests, CCPA and HIPAA wrappers call the SQL API and return its values."""
from __future__ import annotations

from datetime import datetime, timezone

import psycopg
import pytest

from installer import Governance


def test_consent_round_trip(installed_db):
    with psycopg.connect(installed_db) as conn:
        gov = Governance(conn)
        gov.register_purpose("marketing", "newsletters", "consent", "v1")
        first = gov.record_consent("c-1", "marketing", True, evidence={"source": "web", "ip": "2001:db8::1"})
        assert gov.has_consent("c-1", "marketing") is True
        assert (gov.latest_consent("c-1", "marketing"), gov.latest_consent("c-9", "marketing")) == (True, None)
        assert gov.withdraw_consent("c-1", "marketing") > first
        assert gov.has_consent("c-1", "marketing") is False
        gov.register_purpose("marketing", "newsletters", "consent", "v2")
        gov.record_consent("c-1", "marketing", True, "v1")
        assert gov.require_reconsent("marketing") == 1
        assert gov.has_consent("c-1", "marketing") is False
        with pytest.raises(psycopg.errors.InvalidParameterValue, match="evidence must be a JSON object"):
            gov.record_consent("c-1", "marketing", True, evidence=["not", "an", "object"])  # type: ignore[arg-type]


def test_requests_round_trip(installed_db):
    with psycopg.connect(installed_db) as conn:
        gov = Governance(conn)
        gov.register_purpose("profiling", "recommendations", "legitimate_interests", "v1")
        request_id = gov.open_request("c-2", "objection", details={"purposes": ["profiling"]})
        gov.verify_request(request_id, "account login")
        assert gov.process_request(request_id) == {"withdrawn": {"profiling": 1}}
        ccpa = gov.open_request("c-2", "access", "ccpa")
        due = gov.extend_request(ccpa, "large volume")
        assert (due - gov.open_requests_as_of(due)[0]["received_at"]).days == 90
        assert [r["id"] for r in gov.open_requests_as_of(due) if r["overdue"]] == []
        gov.update_request_status(ccpa, "rejected", "identity could not be verified")
        assert gov.open_requests_as_of(due) == []
        assert gov.request_deadline("gdpr", datetime(2024, 1, 31, tzinfo=timezone.utc)) \
            == datetime(2024, 2, 29, tzinfo=timezone.utc)


def test_ccpa_and_hipaa_round_trip(installed_db):
    with psycopg.connect(installed_db) as conn:
        gov = Governance(conn)
        gov.record_gpc_signal("c-3", {"header": "Sec-GPC: 1"})
        assert gov.has_opted_out("c-3") is True
        assert gov.log_data_sharing("c-3", "Courier", ["address"], "delivery", False) > 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="opted out of sale"):
            gov.log_data_sharing("c-3", "Broker", ["email"], "resale", True)
        conn.rollback()
        assert gov.opt_out_of_sale("c-4") > 0
        assert gov.sharing_disclosures("c-4")["third_parties"] == []

        conn.execute('CREATE TABLE public."Lab Results" ("Patient" text, result text)')
        conn.execute("""INSERT INTO public."Lab Results" VALUES ('p1', 'A+'), ('p1', 'B-'), ('p2', 'C')""")
        gov.classify('public."Lab Results"', "result", "health", "restricted")
        gov.register_phi_table('public."Lab Results"', "Patient")
        conn.commit()   # the read's log commits in a transaction of its own, before the read
        rows = gov.read_phi('public."Lab Results"', ["p1"], actor="dr", purpose="treatment")
        assert rows == [{"Patient": "p1", "result": "A+"}, {"Patient": "p1", "result": "B-"}]
        assert gov.log_phi_access("p2", "disclosure", recipient="Insurer") > 0
        assert [(r["access_type"], r["row_count"]) for r in gov.accounting_of_disclosures("p1")] == [("read", 2)]
        emergency = gov.log_phi_access("p2", break_glass_reason="unconscious in ER")
        gov.review_break_glass(emergency, "justified", "admission confirmed")
        assert conn.execute("SELECT review_outcome FROM privacy.break_glass_accesses WHERE id = %s",
                            (emergency,)).fetchone()[0] == "justified"
        incident = gov.report_incident("phishing", "medium", "one mailbox")
        gov.update_incident(incident, "close", "password reset")
        with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState):
            gov.update_incident(incident, "contain")
