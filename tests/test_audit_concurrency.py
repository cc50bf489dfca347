"""8 concurrent writers for 10 s, one-row and multi-row statements, and a sealer running
beside them: every committed change has exactly one audit row, every raw record is
sealed, and the chain verifies (after audit.seal(), which links what the writers' commits
left waiting)."""
from __future__ import annotations

import random
import threading
import time

import psycopg

WRITERS = 8
SECONDS = 10


def writer(dsn: str, number: int, stop: threading.Event, committed: list[int], failures: list[BaseException]) -> None:
    """One-row and multi-row statements and events; a quarter of the transactions roll back."""
    rng = random.Random(number)
    try:
        with psycopg.connect(dsn) as conn:
            serial = 0
            while not stop.is_set():
                serial += 1
                key = number * 1_000_000 + serial * 10
                conn.execute("SELECT governance.set_context(%s)", (f"writer-{number}",))
                conn.execute("INSERT INTO public.counters VALUES (%s, 0)", (key,))
                conn.execute("INSERT INTO public.counters SELECT %s + g, 0 FROM generate_series(1, 3) g", (key,))
                conn.execute("UPDATE public.counters SET value = value + 1 WHERE id BETWEEN %s AND %s", (key, key + 3))
                if rng.random() < 0.2:
                    conn.execute("SELECT audit.log_event('tick', resource_id => %s)", (str(key),))
                if rng.random() < 0.25:
                    conn.rollback()
                else:
                    conn.commit()
                    committed.extend(key + n for n in range(4))
    except BaseException as exc:  # reported by the test thread
        failures.append(exc)


def sealer(dsn: str, stop: threading.Event, failures: list[BaseException]) -> None:
    """What `pg-governance maintain` does from cron, here every 0.2 s."""
    try:
        with psycopg.connect(dsn, autocommit=True) as conn:
            while not stop.is_set():
                conn.execute("SELECT audit.seal()")
                time.sleep(0.2)
    except BaseException as exc:
        failures.append(exc)


def test_concurrent_writers_and_a_sealer_each_change_audited_once_and_chain_intact(installed_db):
    with psycopg.connect(installed_db) as conn:
        conn.execute("CREATE TABLE public.counters (id bigint PRIMARY KEY, value int NOT NULL)")
        conn.execute("SELECT audit.enable('public.counters')")
    stop = threading.Event()
    committed: list[int] = []
    failures: list[BaseException] = []
    threads = [threading.Thread(target=writer, args=(installed_db, n, stop, committed, failures)) for n in range(WRITERS)]
    threads.append(threading.Thread(target=sealer, args=(installed_db, stop, failures)))
    for thread in threads:
        thread.start()
    time.sleep(SECONDS)
    stop.set()
    for thread in threads:
        thread.join()
    assert not failures, failures
    assert len(committed) > WRITERS

    with psycopg.connect(installed_db) as conn:
        audited = conn.execute("""
            SELECT (row_key ->> 'id')::bigint, count(*) FILTER (WHERE op = 'INSERT'), count(*) FILTER (WHERE op = 'UPDATE'),
                   bool_and(actor = 'writer-' || ((row_key ->> 'id')::bigint / 1000000))
              FROM audit.changes WHERE table_name = 'public.counters' GROUP BY 1""").fetchall()
        assert sorted(row[0] for row in audited) == sorted(committed), "exactly the committed rows are audited"
        assert all(row[1:] == (1, 1, True) for row in audited), "once per change, by its writer"
        conn.execute("SELECT audit.seal()")
        conn.commit()
        assert conn.execute("SELECT count(*) FROM audit.waiting").fetchone()[0] == 0, "every transaction is linked"
        for (shadow,) in conn.execute("SELECT shadow::text FROM audit.shapes").fetchall():
            assert conn.execute(f"SELECT count(*) FROM {shadow}").fetchone()[0] == 0, "every shadow row was sealed"
        assert conn.execute("SELECT * FROM audit.verify_chain()").fetchall() == []
        links, first, last = conn.execute("SELECT count(*), min(seq), max(seq) FROM audit.chain").fetchone()
        assert (first, last) == (1, links), "links are consecutive"
