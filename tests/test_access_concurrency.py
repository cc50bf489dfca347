"""Concurrent writers of the access model: the hierarchy stays acyclic, and concurrent
policy writes all end up in the generated decision function."""
from __future__ import annotations

import threading

import psycopg

from installer import Governance


def test_concurrent_redefinitions_cannot_form_a_cycle(installed_db):
    with psycopg.connect(installed_db, autocommit=True) as setup:
        Governance(setup).create_role("x")
        Governance(setup).create_role("y")
    outcome: dict[str, BaseException | None] = {}
    with psycopg.connect(installed_db) as first, psycopg.connect(installed_db) as second:
        Governance(first).create_role("x", inherits=["y"])  # holds the hierarchy lock until commit

        def redefine_y() -> None:
            try:
                Governance(second).create_role("y", inherits=["x"])
                second.commit()
                outcome["y"] = None
            except psycopg.Error as exc:
                second.rollback()
                outcome["y"] = exc

        waiter = threading.Thread(target=redefine_y)
        waiter.start()
        waiter.join(timeout=1)
        assert waiter.is_alive(), "the second redefinition waits for the first"
        first.commit()
        waiter.join(timeout=30)
    assert isinstance(outcome["y"], psycopg.errors.InvalidParameterValue)
    assert "would make role 'y' its own ancestor" in str(outcome["y"])
    with psycopg.connect(installed_db) as conn:
        assert conn.execute("SELECT array_agg(role || '->' || parent) FROM access.role_parents").fetchone()[0] == ["x->y"]


def test_concurrent_policy_writes_all_reach_the_decision_function(installed_db):
    writers = 4
    with psycopg.connect(installed_db, autocommit=True) as setup:
        Governance(setup).set_resource_attribute("doc", "document", "x", 1)
    errors: list[BaseException] = []
    barrier = threading.Barrier(writers)

    def write(i: int) -> None:
        try:
            with psycopg.connect(installed_db) as conn:
                barrier.wait()
                Governance(conn).create_policy(f"allow action {i}", {"actions": [f"action{i}"]})
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    with psycopg.connect(installed_db) as conn:
        gov = Governance(conn)
        assert [gov.evaluate("anyone", "doc", f"action{i}") for i in range(writers)] == [True] * writers
