"""The demo's consent, requests, CCPA and HIPAA sections: choices respected, requests answered on time."""
from __future__ import annotations

from datetime import timedelta

import psycopg

from installer.api.governance import Governance

CLINIC = """
CREATE SCHEMA demo_clinic;
CREATE TABLE demo_clinic.patient (id int PRIMARY KEY, name text NOT NULL, email text NOT NULL);
CREATE TABLE demo_clinic.visit (id int PRIMARY KEY, patient_id int NOT NULL REFERENCES demo_clinic.patient,
                                diagnosis text NOT NULL);
INSERT INTO demo_clinic.patient VALUES (1, 'Ann', 'ann@example.com'), (2, 'Ben', 'ben@example.com'),
                                       (3, 'Cy', 'cy@example.com');
INSERT INTO demo_clinic.visit VALUES (1, 1, 'asthma'), (2, 1, 'flu'), (3, 2, 'fracture');
CREATE ROLE demo_marketer NOLOGIN IN ROLE governance_app;
GRANT USAGE ON SCHEMA demo_clinic TO demo_marketer;
GRANT SELECT ON demo_clinic.patient TO demo_marketer;
-- The campaign tool acts under one name, which an administrator bound its role to.
SELECT governance.bind_context('demo_marketer', actors => ARRAY['campaign-tool']);
"""


def _mailing_list(conn: psycopg.Connection, gov: Governance, purpose: str) -> list[str]:
    conn.execute("SET LOCAL ROLE demo_marketer")
    gov.set_context("campaign-tool", purpose=purpose)
    names = [row[0] for row in conn.execute("SELECT name FROM demo_clinic.patient ORDER BY id")]
    conn.execute("RESET ROLE")
    return names


def consent(conn: psycopg.Connection, gov: Governance) -> None:
    conn.execute(CLINIC)
    gov.register_purpose("newsletter", "monthly health newsletter", "consent", "2025-01")
    gov.record_consent("1", "newsletter", True, evidence={"source": "signup form", "ip": "192.0.2.10"})
    gov.record_consent("2", "newsletter", True)
    gov.consent_required("demo_clinic.patient", "newsletter", "id")
    print(f"read for the newsletter: {_mailing_list(conn, gov, 'newsletter')}; for billing: {_mailing_list(conn, gov, 'billing')}")
    gov.withdraw_consent("2", "newsletter")
    print(f"after Ben withdraws:     {_mailing_list(conn, gov, 'newsletter')}; for billing: {_mailing_list(conn, gov, 'billing')}")
    conn.commit()


def requests(conn: psycopg.Connection, gov: Governance) -> None:
    objection = gov.open_request("1", "objection", details={"purposes": ["newsletter"]})
    gov.verify_request(objection, "logged-in account")
    print(f"objection {objection}: {gov.process_request(objection)}; Ann's consent now {gov.has_consent('1', 'newsletter')}")
    late = gov.open_request("3", "access", "ccpa")
    now = conn.execute("SELECT now()").fetchone()[0]
    for when in (now, now + timedelta(days=46)):
        overdue = [row["id"] for row in gov.open_requests_as_of(when) if row["overdue"]]
        print(f"as of {when:%Y-%m-%d}: request {late} due {gov.open_requests_as_of(when)[0]['due_at']:%Y-%m-%d}, "
              f"overdue: {overdue}")
    conn.commit()


def do_not_sell(conn: psycopg.Connection, gov: Governance) -> None:
    gov.record_gpc_signal("3", {"header": "Sec-GPC: 1"})
    gov.log_data_sharing("3", "Courier Ltd", ["address"], "delivery", False)
    conn.commit()
    try:
        gov.log_data_sharing("3", "AdBroker", ["email", "visits"], "advertising", True)
    except psycopg.errors.InsufficientPrivilege as exc:
        print(f"refused: {exc.diag.message_primary}")
        conn.rollback()
    print(f"right to know: {gov.sharing_disclosures('3')['third_parties']}")


def phi_access(conn: psycopg.Connection, gov: Governance) -> None:
    gov.classify("demo_clinic.visit", "diagnosis", "health", "restricted")
    gov.register_phi_table("demo_clinic.visit", "patient_id")
    conn.commit()   # each read's log commits in a transaction of its own, before the read
    rows = gov.read_phi("demo_clinic.visit", actor="dr.grey", purpose="treatment")
    print(f"{len(rows)} visit rows read for treatment (logged first; a rollback would not undo the log)")
    conn.rollback()
    conn.execute("SET client_min_messages = error")   # the break-glass warning: the demo prints the log instead
    conn.commit()
    gov.read_phi("demo_clinic.visit", ["2"], break_glass_reason="unconscious patient in ER", actor="nurse.joy")
    conn.execute("RESET client_min_messages")
    for row in gov.accounting_of_disclosures("1") + gov.accounting_of_disclosures("2"):
        print(f"  {row['actor']:8} {row['access_type']:5} rows={row['row_count']} reason={row['reason']!r} "
              f"break_glass={row['break_glass']}")
    incident = gov.report_incident("lost laptop", "high", "unencrypted laptop with a patient list")
    hours, days = conn.execute("SELECT extract(epoch FROM authority_due_at - detected_at) / 3600, "
                               "extract(day FROM individuals_due_at - detected_at) FROM privacy.open_incidents "
                               "WHERE id = %s", (incident,)).fetchone()
    print(f"incident {incident}: notify the authority within {hours:.0f} hours, individuals within {days:.0f} days")
    conn.commit()
