"""`python -m installer demo`: the whole pack on a throwaway server, no setup needed."""
from __future__ import annotations

import secrets
import time
from collections.abc import Callable

import psycopg

from installer.api.governance import Governance
from installer.demo import consent, dp, erasure
from installer.engine.migrate import apply
from installer.engine.throwaway import ThrowawayCluster


def _section(title: str) -> None:
    print(f"\n== {title}")


def _access_control(conn: psycopg.Connection, gov: Governance) -> None:
    gov.create_role("viewer")
    gov.create_role("analyst", "reads and exports reports", ["viewer"])
    gov.create_permission("read reports", "report", "read")
    gov.grant_permission("viewer", "read reports")
    gov.assign_role("alice@example.com", "analyst")
    print(f"alice (analyst, inherits viewer) may read reports: {gov.check_permission('alice@example.com', 'report', 'read')}")
    gov.create_policy("high_sensitivity_access", {
        "actions": ["read", "write"],
        "conditions": [{"attribute": "user.clearance_level", "operator": "==", "value": "high"},
                       {"attribute": "resource.region", "operator": "==", "value_of": "user.location"}]})
    gov.create_policy("no writes from contractors", {
        "effect": "deny", "actions": ["write"],
        "conditions": [{"attribute": "user.department", "operator": "==", "value": "contractors"}]})
    for name, value in (("clearance_level", "high"), ("location", "us-west"), ("department", "contractors")):
        gov.set_user_attribute("alice@example.com", name, value)
    gov.set_resource_attribute("training_data", "table", "region", "us-west")
    for action in ("read", "write"):
        why = gov.explain("alice@example.com", "training_data", action)
        print(f"alice {action} training_data: {gov.evaluate('alice@example.com', 'training_data', action)} ({why['reason']})")
    conn.execute("CREATE TABLE public.demo_orders (id int, tenant_id text)")
    conn.execute("INSERT INTO public.demo_orders VALUES (1, 'acme'), (2, 'globex'), (3, 'acme')")
    conn.execute("CREATE ROLE demo_app NOLOGIN IN ROLE governance_app")  # rolled back after the section
    conn.execute("GRANT SELECT ON public.demo_orders TO demo_app")
    gov.allow_any_context("demo_app")  # the web application's pool: it authenticated alice, it may name her
    gov.enable_tenant_isolation("public.demo_orders")
    conn.execute("SET LOCAL ROLE demo_app")
    gov.set_context("alice@example.com", tenant="acme")
    print("tenant acme sees order ids:", [r[0] for r in conn.execute("SELECT id FROM public.demo_orders ORDER BY id")])


def _encryption(conn: psycopg.Connection, gov: Governance) -> None:
    master_key = secrets.token_hex(32)  # in production: from your KMS or secret store
    gov.unlock(master_key)  # sent as a query parameter, kept only for this transaction
    gov.create_key("ssn")
    gov.grant_key("ssn", conn.info.user)
    conn.execute("CREATE TABLE demo_customers (id int PRIMARY KEY, name text, ssn text)")
    conn.execute("INSERT INTO demo_customers VALUES (1, 'Ada', '123-45-6789'), (2, 'Grace', '987-65-4321')")
    ciphertext = gov.encrypt("123-45-6789", "ssn")
    print(f"encrypt('123-45-6789') = {ciphertext[:24].hex()}... ({len(ciphertext)} bytes: key id, version, IV, MAC)")
    print(f"decrypt(...) = {gov.decrypt(ciphertext)}")
    tampered = ciphertext[:40] + bytes([ciphertext[40] ^ 1]) + ciphertext[41:]
    try:
        with conn.transaction():
            gov.decrypt(tampered)
    except psycopg.errors.DataException as exc:
        print(f"one flipped bit: {exc.diag.message_primary}")
    batches = []  # in production each batch is its own transaction: `pg-governance encrypt-column`
    done = False
    while not done:
        converted, done = gov.encrypt_column("demo_customers", "ssn", "ssn", 1)
        batches.append(converted)
    print(f"encrypt_column in batches of 1 row: {len(batches)} calls converted {sum(batches)} rows in place")
    print("stored:", conn.execute("SELECT id, encode(substr(ssn, 1, 12), 'hex') || '...' FROM demo_customers ORDER BY id").fetchall())
    print("demo_customers_decrypted:", conn.execute("SELECT id, ssn FROM demo_customers_decrypted ORDER BY id").fetchall())
    gov.rotate_key("ssn")
    print(f"after rotate_key, reencrypt moved {gov.reencrypt('demo_customers', 'ssn')[0]} values to version 2")
    note = gov.encrypt("diagnosis for subject 7", "ssn", subject_key="patient-7")
    print(f"crypto-shredding patient-7 destroys {gov.shred_subject_keys('patient-7')} key; its values are gone:", end=" ")
    try:
        with conn.transaction():
            gov.decrypt(note)
    except psycopg.errors.NoDataFound:
        print("decrypt raises no_data_found")
    conn.commit()
    try:
        gov.decrypt(ciphertext)
    except psycopg.errors.ObjectNotInPrerequisiteState as exc:
        print(f"next transaction, no unlock: {exc.diag.message_primary}")


def _context(conn: psycopg.Connection, gov: Governance) -> None:
    gov.set_context("alice@example.com", tenant="acme", roles=["analyst"], purpose="analytics")
    print(f"actor={gov.current_actor()} tenant={gov.current_tenant()} "
          f"roles={gov.current_roles()} purpose={gov.current_purpose()}")
    # A reporting role bound to acme, as if it had logged in (this session is a superuser's,
    # which may claim anything): its own claims are sealed, a forged one is refused.
    conn.execute("CREATE ROLE demo_reports NOLOGIN IN ROLE governance_app")  # rolled back after the section
    gov.bind_context("demo_reports", tenants=["acme"])
    conn.execute("SET LOCAL SESSION AUTHORIZATION demo_reports")
    gov.set_context("demo_reports", tenant="acme")
    conn.execute("SET LOCAL governance.tenant = 'globex'")
    try:
        gov.current_tenant()
    except psycopg.errors.InsufficientPrivilege as exc:
        print(f"forging the tenant with SET is refused: {exc.diag.message_primary}")


def _dp(conn: psycopg.Connection, gov: Governance) -> None:
    dp.run(conn, gov)


def _audit(conn: psycopg.Connection, gov: Governance) -> None:
    conn.execute("CREATE TABLE public.customers (id int PRIMARY KEY, email text, ssn text, city text)")
    gov.classify("public.customers", "ssn", "direct_identifier", "restricted")
    gov.audit_enable("public.customers")
    conn.commit()
    gov.set_context("alice@example.com", tenant="acme")
    conn.execute("INSERT INTO public.customers VALUES (42, 'ann@example.com', '123-45-6789', 'Oslo')")
    conn.execute("UPDATE public.customers SET city = 'Bergen' WHERE id = 42")
    gov.log_event("model_prediction", "predict", "model", "churn-v3", {"score": 0.91}, True, 12)
    conn.commit()
    for actor, op, key, old, new in conn.execute(
            "SELECT actor, op, row_key, old_values, new_values FROM audit.changes "
            "WHERE table_name = 'public.customers' ORDER BY id"):
        print(f"{actor} {op} {key} old={old} new={new}")
    print("the restricted ssn is stored as a keyed hash, never in clear")
    seq, digest, _ = gov.audit_checkpoint()
    print(f"chain head: link {seq}, hash {digest[:16]}...; verify_chain problems: {gov.verify_chain()}")
    redacted = gov.audit_redact("public.customers", {"id": 42}, "GDPR Art. 17 request")
    conn.commit()
    print(f"redacted {redacted} changes of customer 42; chain still verifies: "
          f"{gov.verify_chain(checkpoint_seq=seq, checkpoint_hash=digest) == []}")
    try:
        conn.execute("DELETE FROM audit.changes")
    except psycopg.errors.InsufficientPrivilege as exc:
        print(f"deleting audit rows is refused: {exc.diag.message_primary}")


def _compliance(conn: psycopg.Connection, gov: Governance) -> None:
    conn.execute("CREATE TABLE public.patients (id int PRIMARY KEY, name text, diagnosis text)")
    conn.execute("GRANT SELECT ON public.patients TO PUBLIC")
    gov.classify("public.patients", "diagnosis", "health", "restricted")
    phi_public = next(r for r in gov.run_checks("hipaa") if r.check_id == "hipaa.phi_public")
    print(f"{phi_public.check_id}: {phi_public.status} ({phi_public.control})")
    print(f"  evidence: {phi_public.evidence}\n  remedy: {phi_public.remedy}")
    conn.execute("REVOKE SELECT ON public.patients FROM PUBLIC")
    print(f"after the remedy: {next(r.status for r in gov.run_checks('hipaa') if r.check_id == 'hipaa.phi_public')}")
    counts: dict[str, int] = {}
    for result in gov.run_checks():
        counts[result.status] = counts.get(result.status, 0) + 1
    print(f"all checks: {counts}; snapshot {gov.snapshot()} stored for trends")
    print("CI gate: python -m installer check --fail-on high; report: python -m installer report --output report.html")
def _lineage(conn: psycopg.Connection, gov: Governance) -> None:
    conn.execute("CREATE TABLE public.training_data (user_id bigint, email text, engagement_score float8)")
    gov.classify("public.training_data", "email", "contact")
    training = gov.register_table("public.training_data")
    features = gov.register_asset("feature_store", "user_features", "feature_set")
    gov.add_edge(training, features, "feature_engineering",
                 {"column_mappings": [{"source": "email", "target": "email_domain", "transformation": "extract_domain"},
                                      {"source": "engagement_score", "target": "engagement"}]}, "feature_pipeline_v1")
    gov.register_model("user_engagement_predictor", "RandomForestClassifier", "ml_team")
    version = gov.register_model_version("user_engagement_predictor", "v1.2.3")
    gov.log_training_run(version, features, {"n_estimators": 100, "max_depth": 10}, {"accuracy": 0.92})
    gov.log_prediction(version, "sha256:9f2c", {"engaged": True}, subject_key="user-1001")
    for row in gov.downstream(training):
        print(f"downstream of training_data: {row['name']} ({row['asset_type']}, depth {row['depth']})")
    for row in gov.inherited_classes(features):
        print(f"user_features.{row['column_name']} carries {row['category']} from {row['source_table']}.{row['source_column']}")
    print(f"predictions about user-1001: {gov.subject_impact('user-1001')['predictions']}")
    print(gov.to_mermaid(training))
    conn.commit()


def _masking_and_retention(conn: psycopg.Connection, gov: Governance) -> None:
    conn.execute("""CREATE TABLE public.members (id int PRIMARY KEY, email text, card text, born date,
                                                 last_seen timestamptz NOT NULL)""")
    conn.execute("""INSERT INTO public.members VALUES
        (1, 'ada@example.com', '4111111111111111', '1985-06-12', now()),
        (2, 'bo@example.com', '5500000000000004', '1990-01-02', now() - interval '3 years')""")
    for column, category in (("email", "contact"), ("card", "financial"), ("born", "quasi_identifier")):
        gov.classify("public.members", column, category)
    conn.execute("CREATE ROLE demo_support NOLOGIN")
    view = gov.grant_masked("public.members", "demo_support")
    conn.execute("SET LOCAL ROLE demo_support")
    for email, card, born in conn.execute(f"SELECT email, card, born FROM {view} ORDER BY id"):
        print(f"demo_support reads {view}: {email}  {card}  {born}")
    conn.execute("RESET ROLE")
    print(f"k-anonymity over born: k = {gov.k_anonymity('public.members', ['born'])['k']}")
    gov.set_retention("public.members", "last_seen", "2 years", "delete", "accounts unused for two years")
    plan = gov.retention_plan()[0]
    print(f"retention: {plan['due']} row(s) of {plan['table_name']} due; maintain removes them in batches")
    print(f"one batch: {gov.apply_retention('public.members')['rows']} row(s) deleted, recorded in the audit trail")
    print("staging copy: pg-governance dump --masked --output staging.sql")


Section = Callable[[psycopg.Connection, Governance], None]

# In order: later sections use what earlier ones committed (the consent sections share a
# clinic). Whatever a section leaves uncommitted is rolled back after it.
SECTIONS: list[tuple[str, Section]] = [
    ("Session context: who acts, for which tenant and purpose", _context),
    ("Audit trail: changes, events, a hash chain, redaction", _audit),
    ("Field encryption: envelope keys, the master key supplied per transaction", _encryption),
    ("Privacy: discover PII, erase a customer everywhere, export what is held", erasure.show),
    ("Differential privacy: budgets, utility versus epsilon, Paillier sums", _dp),
    ("Compliance checks: the real state, with evidence and the fix", _compliance),
    ("Lineage: from a table of personal data to a model and its predictions", _lineage),
    ("Consent: purposes, decisions, and a table that respects them", consent.consent),
    ("Data-subject requests: verified, carried out, on time", consent.requests),
    ("CCPA: do not sell", consent.do_not_sell),
    ("HIPAA: PHI read with a reason, logged once per patient; break-glass flagged", consent.phi_access),
    ("Access control: roles with inheritance, ABAC policies, tenant isolation", _access_control),
    ("Masking and retention: masked views for a support role, rows past their period removed", _masking_and_retention),
]


def run() -> int:
    _section("Starting a throwaway PostgreSQL (removed at the end)")
    with ThrowawayCluster() as cluster:
        with psycopg.connect(cluster.dsn(), autocommit=True) as admin:
            admin.execute("CREATE DATABASE governance_demo")
        dsn = cluster.dsn("governance_demo")
        print(f"server binaries: {cluster.bindir}")
        print(f"data directory: {cluster.datadir}")

        _section("Installing pg-governance")
        with psycopg.connect(dsn) as conn:
            started = time.monotonic()
            plan = apply(conn, report=lambda _: None)
            gov = Governance(conn)
            print(f"installed version {gov.version()}: {len(plan.steps)} migrations in "
                  f"{time.monotonic() - started:.1f} s (pg-governance apply lists them as it goes)")
            conn.autocommit = False
            for title, show in SECTIONS:
                _section(title)
                show(conn, gov)
                conn.rollback()
    _section("Done: the throwaway server is gone")
    return 0
