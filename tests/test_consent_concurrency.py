"""Concurrent decisions and requests: the latest decision wins, a request is carried out once,
and a killed transaction leaves nothing behind."""
from __future__ import annotations

import threading
import time

import psycopg
import pytest


def _wait_until_blocked(conn: psycopg.Connection, pid: int) -> None:
    for _ in range(200):
        waiting = conn.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone()[0]
        if waiting == "Lock":
            return
        time.sleep(0.05)
    raise AssertionError(f"backend {pid} never waited for a lock")


def test_concurrent_decisions_are_serialised_so_the_last_committed_wins(installed_db):
    with psycopg.connect(installed_db, autocommit=True) as setup:
        setup.execute("SELECT privacy.register_purpose('ads', 'personalised ads', 'consent', 'v1')")
    first = psycopg.connect(installed_db)
    second = psycopg.connect(installed_db)
    try:
        granted_id = first.execute("SELECT privacy.record_consent('s', 'ads', true)").fetchone()[0]
        result: dict[str, int] = {}
        worker = threading.Thread(target=lambda: result.update(
            id=second.execute("SELECT privacy.withdraw_consent('s', 'ads')").fetchone()[0]))
        worker.start()
        with psycopg.connect(installed_db, autocommit=True) as observer:
            _wait_until_blocked(observer, second.info.backend_pid)
        first.commit()
        worker.join(10)
        second.commit()
        assert result["id"] > granted_id
        with psycopg.connect(installed_db) as check:
            assert check.execute("SELECT privacy.has_consent('s', 'ads')").fetchone()[0] is False
    finally:
        first.close()
        second.close()


def test_a_request_processed_twice_at_once_is_carried_out_once(installed_db):
    with psycopg.connect(installed_db, autocommit=True) as setup:
        request_id = setup.execute("SELECT privacy.open_request('s', 'opt_out_of_sale', 'ccpa')").fetchone()[0]
        setup.execute("SELECT privacy.verify_request(%s, 'email link')", (request_id,))
    first = psycopg.connect(installed_db)
    second = psycopg.connect(installed_db)
    try:
        first.execute("SELECT privacy.process_request(%s)", (request_id,))
        errors: list[Exception] = []

        def run_second() -> None:
            try:
                second.execute("SELECT privacy.process_request(%s)", (request_id,))
            except psycopg.Error as exc:
                errors.append(exc)

        worker = threading.Thread(target=run_second)
        worker.start()
        with psycopg.connect(installed_db, autocommit=True) as observer:
            _wait_until_blocked(observer, second.info.backend_pid)
        first.commit()
        worker.join(10)
        assert len(errors) == 1 and isinstance(errors[0], psycopg.errors.ObjectNotInPrerequisiteState)
        assert "is completed" in str(errors[0])
    finally:
        first.close()
        second.close()
    with psycopg.connect(installed_db) as check:
        assert check.execute("SELECT count(*) FROM privacy.opt_outs WHERE subject_key = 's'").fetchone()[0] == 1


def test_an_erasure_killed_mid_way_changes_nothing(installed_db):
    with psycopg.connect(installed_db, autocommit=True) as setup:
        setup.execute("CREATE TABLE public.members (id integer PRIMARY KEY, name text)")
        setup.execute("CREATE TABLE public.visits (id integer PRIMARY KEY, member_id integer REFERENCES public.members)")
        setup.execute("INSERT INTO public.members VALUES (1, 'Ann'); INSERT INTO public.visits VALUES (1, 1), (2, 1)")
        setup.execute("SELECT privacy.register_subject('member', 'public.members', 'id')")
        setup.execute("SELECT privacy.register_purpose('news', 'newsletter', 'consent', 'v1')")
        setup.execute("SELECT privacy.record_consent('1', 'news', true)")
        request_id = setup.execute("SELECT privacy.open_request('1', 'erasure')").fetchone()[0]
        setup.execute("SELECT privacy.verify_request(%s, 'signed letter')", (request_id,))
    blocker = psycopg.connect(installed_db)
    eraser = psycopg.connect(installed_db)
    try:
        blocker.execute("SELECT * FROM public.visits WHERE id = 2 FOR UPDATE")
        worker = threading.Thread(target=lambda: pytest.raises(
            psycopg.OperationalError, eraser.execute, "SELECT privacy.process_request(%s)", (request_id,)))
        worker.start()
        with psycopg.connect(installed_db, autocommit=True) as observer:
            _wait_until_blocked(observer, eraser.info.backend_pid)
            observer.execute("SELECT pg_terminate_backend(%s)", (eraser.info.backend_pid,))
        worker.join(10)
        blocker.rollback()
    finally:
        blocker.close()
        eraser.close()
    with psycopg.connect(installed_db) as check:
        assert check.execute("SELECT count(*) FROM public.visits").fetchone()[0] == 2
        assert check.execute("SELECT status FROM privacy.requests WHERE id = %s", (request_id,)).fetchone()[0] == "verified"
        assert check.execute("SELECT privacy.has_consent('1', 'news')").fetchone()[0] is True
        assert check.execute("SELECT count(*) FROM privacy.request_events WHERE request_id = %s AND event <> 'opened' "
                             "AND to_status IS DISTINCT FROM 'verified'", (request_id,)).fetchone()[0] == 0
