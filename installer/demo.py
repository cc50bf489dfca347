"""`python -m installer demo`: the whole pack on a throwaway server, no setup needed."""
from __future__ import annotations

import psycopg

from .migrate import apply
from .throwaway import ThrowawayCluster
from .wrappers import Governance


def _section(title: str) -> None:
    print(f"\n== {title}")


def run() -> int:
    _section("Starting a throwaway PostgreSQL (removed at the end)")
    with ThrowawayCluster() as cluster:
        with psycopg.connect(cluster.dsn(), autocommit=True) as admin:
            admin.execute("CREATE DATABASE governance_demo")
        dsn = cluster.dsn("governance_demo")
        print(f"server binaries: {cluster.bindir}")

        _section("Installing pg-governance")
        with psycopg.connect(dsn) as conn:
            apply(conn)
            gov = Governance(conn)
            print(f"installed version: {gov.version()}")

            _section("Session context: who acts, for which tenant and purpose")
            conn.autocommit = False
            gov.set_context("alice@example.com", tenant="acme", roles=["analyst"], purpose="analytics")
            print(f"actor={gov.current_actor()} tenant={gov.current_tenant()} "
                  f"roles={gov.current_roles()} purpose={gov.current_purpose()}")
            conn.execute("SET LOCAL governance.tenant = 'globex'")
            try:
                gov.current_tenant()
            except psycopg.errors.InsufficientPrivilege as exc:
                print(f"forging the tenant with SET is refused: {exc.diag.message_primary}")
            conn.rollback()

            _audit_section(conn, gov)
    _section("Done: the throwaway server is gone")
    return 0


def _audit_section(conn: psycopg.Connection, gov: Governance) -> None:
    _section("Audit trail: changes, events, a hash chain, redaction")
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
            "SELECT actor, op, row_key, old_values, new_values FROM audit.changes ORDER BY id"):
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
    conn.rollback()
