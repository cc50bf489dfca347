"""8 concurrent writers for 10 s: every committed change has exactly one audit row, and the chain verifies
(after audit.seal(), which links what the writers' commits left waiting)."""
from __future__ import annotations

import random
import threading
import time

import psycopg

WRITERS = 8
SECONDS = 10


def writer(dsn: str, number: int, stop: threading.Event, committed: list[int], failures: list[BaseException]) -> None:
    rng = random.Random(number)
    try:
        with psycopg.connect(dsn) as conn:
            serial = 0
            while not stop.is_set():
                serial += 1
                key = number * 1_000_000 + serial
                conn.execute("SELECT governance.set_context(%s)", (f"writer-{number}",))
                conn.execute("INSERT INTO public.counters VALUES (%s, 0)", (key,))
                conn.execute("UPDATE public.counters SET value = value + 1 WHERE id = %s", (key,))
                if rng.random() < 0.2:
                    conn.execute("SELECT audit.log_event('tick', resource_id => %s)", (str(key),))
                if rng.random() < 0.25:
                    conn.rollback()
                else:
                    conn.commit()
                    committed.append(key)
    except BaseException as exc:  # reported by the test thread
        failures.append(exc)


def test_concurrent_writers_each_change_audited_once_and_chain_intact(installed_db):
    with psycopg.connect(installed_db) as conn:
        conn.execute("CREATE TABLE public.counters (id bigint PRIMARY KEY, value int NOT NULL)")
        conn.execute("SELECT audit.enable('public.counters')")
    stop = threading.Event()
    committed: list[int] = []
    failures: list[BaseException] = []
    threads = [threading.Thread(target=writer, args=(installed_db, n, stop, committed, failures)) for n in range(WRITERS)]
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
        assert conn.execute("SELECT * FROM audit.verify_chain()").fetchall() == []
        links, first, last = conn.execute("SELECT count(*), min(seq), max(seq) FROM audit.chain").fetchone()
        assert (first, last) == (1, links), "links are consecutive"
