"""`python -m installer demo`: the whole pack on a throwaway server, no setup needed."""
from __future__ import annotations

import psycopg

from .demo_consent import show as show_consent
from .demo_erasure import show as show_erasure
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
            show_erasure(conn, _section)
            show_consent(conn, _section)
    _section("Done: the throwaway server is gone")
    return 0
