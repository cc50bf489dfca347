"""Concurrent writers: idempotent operations stay idempotent under races."""
from __future__ import annotations

import threading
import uuid

import psycopg
import pytest

from installer import Governance


def race(dsn: str, action, workers: int = 4) -> list:
    barrier = threading.Barrier(workers)
    results: list = [None] * workers

    def work(index: int) -> None:
        with psycopg.connect(dsn) as conn:
            gov = Governance(conn)
            barrier.wait()
            results[index] = action(gov)
            conn.commit()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_concurrent_register_and_add_edge_make_one_asset_and_one_edge(installed_db):
    def action(gov: Governance) -> tuple[int, int, int]:
        source = gov.register_asset("race", "a", "table")
        target = gov.register_asset("race", "b", "table")
        return source, target, gov.add_edge(source, target, "copy", {"k": 1}, "etl")

    results = race(installed_db, action)
    assert len(set(results)) == 1
    with psycopg.connect(installed_db) as conn:
        assert conn.execute("SELECT count(*) FROM lineage.assets").fetchone()[0] == 2
        assert conn.execute("SELECT count(*) FROM lineage.edges").fetchone()[0] == 1


def test_concurrent_replays_of_one_event_ingest_it_once(installed_db):
    event = {"eventType": "COMPLETE", "eventTime": "2024-05-01T10:00:00Z", "producer": "https://example.com/p",
             "run": {"runId": str(uuid.uuid4())}, "job": {"namespace": "ns", "name": "job"},
             "inputs": [{"namespace": "s3://b", "name": "in"}], "outputs": [{"namespace": "s3://b", "name": "out"}]}
    results = race(installed_db, lambda gov: gov.ingest_openlineage(event))
    assert sorted(results) == [False, False, False, True]
    with psycopg.connect(installed_db) as conn:
        assert conn.execute("SELECT count(*) FROM lineage.edges").fetchone()[0] == 1


def test_a_killed_ingestion_leaves_nothing(installed_db):
    event = {"eventType": "START", "eventTime": "2024-05-01T10:00:00Z", "producer": "https://example.com/p",
             "run": {"runId": str(uuid.uuid4())}, "job": {"namespace": "ns", "name": "job"},
             "inputs": [{"namespace": "s3://b", "name": "in"}], "outputs": [{"namespace": "s3://b", "name": "out"}]}
    victim = psycopg.connect(installed_db)
    Governance(victim).ingest_openlineage(event)
    with psycopg.connect(installed_db, autocommit=True) as killer:
        killer.execute("SELECT pg_terminate_backend(%s)", (victim.info.backend_pid,))
    with pytest.raises(psycopg.OperationalError):
        victim.commit()
    victim.close()
    with psycopg.connect(installed_db) as conn:
        counts = conn.execute("SELECT (SELECT count(*) FROM lineage.assets), (SELECT count(*) FROM lineage.edges), "
                              "(SELECT count(*) FROM lineage.openlineage_events)").fetchone()
        assert counts == (0, 0, 0)
        assert Governance(conn).ingest_openlineage(event) is True, "the event is not marked seen by the dead transaction"


def test_concurrent_edges_with_different_details_keep_every_version(installed_db):
    with psycopg.connect(installed_db) as conn:
        gov = Governance(conn)
        source, target = gov.register_asset("race", "s", "table"), gov.register_asset("race", "t", "table")
        gov.add_edge(source, target, "copy", {"version": 0}, "etl")

    counter = iter(range(1, 100))
    lock = threading.Lock()

    def action(gov: Governance) -> int:
        with lock:
            version = next(counter)
        return gov.add_edge(source, target, "copy", {"version": version}, "etl")

    results = race(installed_db, action)
    with psycopg.connect(installed_db) as conn:
        versions = conn.execute("SELECT details->>'version', valid_to IS NULL FROM lineage.edges ORDER BY id").fetchall()
    assert len(set(results)) == 4, "each writer got its own edge version"
    assert sorted(v for v, _ in versions) == ["0", "1", "2", "3", "4"]
    assert sum(current for _, current in versions) == 1, "exactly one version is current"
