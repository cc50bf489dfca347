"""apply waits for the server a bounded number of times, whatever the number of statements.

Counted by a proxy that reads the client's side of the protocol (bench/proxy.py): a
simple Query or a Sync is one round trip. A managed server is 1-20 ms away; at 2,500
round trips an install took 2.5-50 s, with the pack's tables locked during an upgrade.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from conftest import admin_execute, quiet
from test_upgrade_from_earlier_release import old_sql  # noqa: F401  (a fixture)

from bench.proxy import LatencyProxy
from installer.engine.migrate import apply
from installer.engine.throwaway import ThrowawayCluster

MAX_ROUND_TRIPS = 20


@pytest.fixture
def proxy(cluster: ThrowawayCluster) -> Iterator[LatencyProxy]:
    params = psycopg.conninfo.conninfo_to_dict(cluster.dsn())
    with LatencyProxy(params["host"], int(params["port"])) as counting:
        yield counting


def proxied(proxy: LatencyProxy, dsn: str) -> str:
    return proxy.dsn(psycopg.conninfo.conninfo_to_dict(dsn)["dbname"], "postgres")


def test_a_fresh_install_takes_at_most_twenty_round_trips(fresh_db, proxy):
    with psycopg.connect(proxied(proxy, fresh_db)) as conn:
        plan = apply(conn, report=quiet)
    assert len(plan.steps) > 300
    assert proxy.round_trips <= MAX_ROUND_TRIPS, proxy.round_trips
    with psycopg.connect(fresh_db) as conn:
        assert conn.execute("SELECT count(*) FROM governance.migrations").fetchone()[0] == len(plan.steps)


def test_an_upgrade_takes_at_most_twenty_round_trips(cluster, proxy, old_sql: Path):  # noqa: F811
    admin_execute(cluster, "CREATE DATABASE round_trips_upgrade")
    try:
        dsn = cluster.dsn("round_trips_upgrade")
        with psycopg.connect(dsn) as conn:
            apply(conn, root=old_sql, report=quiet)
        with psycopg.connect(proxied(proxy, dsn)) as conn:
            plan = apply(conn, report=quiet)
        assert len(plan.steps) > 100
        assert proxy.round_trips <= MAX_ROUND_TRIPS, proxy.round_trips

        proxy.reset()
        with psycopg.connect(proxied(proxy, dsn)) as conn:
            assert apply(conn, report=quiet).steps == []
        assert proxy.round_trips <= MAX_ROUND_TRIPS, proxy.round_trips
    finally:
        admin_execute(cluster, "DROP DATABASE round_trips_upgrade WITH (FORCE)")


def test_progress_names_every_file_in_order(fresh_db):
    lines: list[str] = []
    with psycopg.connect(fresh_db) as conn:
        plan = apply(conn, report=lines.append)
    assert [line for line in lines if line.startswith("[")] == [f"[{i}/{len(plan.steps)}] {step.migration.name} (new)" for i, step in enumerate(plan.steps, 1)]
