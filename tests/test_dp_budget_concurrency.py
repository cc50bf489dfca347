"""Budgets hold under concurrency, rollbacks and killed sessions."""
from __future__ import annotations

import threading
from decimal import Decimal

import psycopg
import pytest
from dp_fixtures import DATASET, as_alice, dataset  # noqa: F401  (dataset is a fixture)


def test_concurrent_queries_cannot_overspend(dataset):
    sessions = 8
    start = threading.Barrier(sessions)
    outcomes: list[str] = []

    def analyst() -> None:
        conn, gov = as_alice(dataset)
        with conn:
            start.wait()
            try:
                gov.dp_sum(DATASET, "km", 0, 200, 0.3)
                conn.execute("SELECT pg_catalog.pg_sleep(0.05)")  # hold the budget lock a while
                conn.commit()
                outcomes.append("released")
            except psycopg.errors.InsufficientPrivilege:
                conn.rollback()
                outcomes.append("refused")

    threads = [threading.Thread(target=analyst) for _ in range(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["refused"] * 5 + ["released"] * 3
    conn, gov = as_alice(dataset)
    with conn:
        assert gov.dp_remaining(DATASET) == Decimal("0.1")
        assert conn.execute("SELECT count(*) FROM privacy.dp_releases").fetchone()[0] == 3


def test_a_killed_session_stays_charged(dataset):
    conn, gov = as_alice(dataset)
    gov.dp_count(DATASET, 0.25)  # the answer reached the client; the transaction is still open
    with psycopg.connect(dataset, autocommit=True) as admin:
        admin.execute("SELECT pg_catalog.pg_terminate_backend(%s)", (conn.info.backend_pid,))
    with pytest.raises(psycopg.OperationalError):
        conn.commit()
    conn.close()
    conn2, gov2 = as_alice(dataset)
    with conn2:
        assert gov2.dp_remaining(DATASET) == Decimal("0.75")
        assert conn2.execute("SELECT count(*) FROM privacy.dp_releases").fetchone()[0] == 0, \
            "the log row went with the killed transaction (the server log keeps it)"
