"""gdpr_forget against concurrent writers: no orphans, no half-done erasure, no stuck deadlock."""
from __future__ import annotations

import threading
import time

import psycopg
import pytest
from erasure_fixtures import create_shop


def _wait_until_blocked(dsn: str, pid: int, timeout: float = 20.0) -> None:
    """Waits until backend pid is waiting on a lock."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(dsn, autocommit=True) as conn:
        while time.monotonic() < deadline:
            if conn.execute("SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone()[0]:
                return
            time.sleep(0.05)
    raise AssertionError(f"backend {pid} never waited for a lock")


def test_child_rows_inserted_around_a_forget_are_erased_or_refused(installed_db):
    create_shop(installed_db)
    outcome: dict[str, object] = {}

    # A writer adds a rental for customer 9 and keeps its transaction open.
    early = psycopg.connect(installed_db)
    early.execute("INSERT INTO shop.rental VALUES (1000, 9, 1, '2024-02-01')")

    forgetter = psycopg.connect(installed_db)
    forget_pid = forgetter.info.backend_pid

    def forget() -> None:
        with forgetter:
            outcome["forget"] = forgetter.execute("SELECT privacy.gdpr_forget('9', 'customer')").fetchone()[0]

    thread = threading.Thread(target=forget)
    thread.start()
    _wait_until_blocked(installed_db, forget_pid)   # the forget waits for the open writer
    early.commit()                                   # ... which commits its new rental
    early.close()

    # A second writer arrives while the forget holds the customer's row: it waits, then fails.
    late = psycopg.connect(installed_db)

    def insert_late() -> None:
        try:
            with late:
                late.execute("INSERT INTO shop.rental VALUES (1001, 9, 1, '2024-02-02')")
            outcome["late"] = "inserted"
        except psycopg.errors.ForeignKeyViolation:
            outcome["late"] = "refused"

    writer = threading.Thread(target=insert_late)
    thread.join(30)
    writer.start()
    writer.join(30)
    late.close()

    # Customer 9's address is customer 10's too: it stays, with its street, so the erasure
    # is partial (docs/erasure.md: kept rows holding classified values).
    assert outcome["forget"]["status"] == "partially_erased"
    assert [k["table"] for k in outcome["forget"]["kept"] if k["classified"]] == ["shop.address"]
    rentals = next(t for t in outcome["forget"]["tables"] if t["table"] == "shop.rental")
    assert rentals["rows"] == 4, "the rental committed while the forget waited was erased with the others"
    assert outcome["late"] == "refused"
    with psycopg.connect(installed_db) as conn:
        assert conn.execute("SELECT count(*) FROM shop.rental WHERE customer_id = 9").fetchone()[0] == 0


def test_a_writer_blocked_by_forget_fails_cleanly_and_nothing_is_orphaned(installed_db):
    create_shop(installed_db)
    holder = psycopg.connect(installed_db)
    holder.execute("SELECT privacy.gdpr_forget('4', 'customer')")   # erased, not yet committed
    errors: list[BaseException] = []
    writer = psycopg.connect(installed_db)

    def insert_payment() -> None:
        try:
            with writer:
                writer.execute("""INSERT INTO shop."Payment Lines" VALUES (5000, 10, 1.00, NULL)""")  # rental 10: customer 4
        except psycopg.Error as exc:
            errors.append(exc)

    thread = threading.Thread(target=insert_payment)
    thread.start()
    _wait_until_blocked(installed_db, writer.info.backend_pid)
    holder.commit()
    holder.close()
    thread.join(30)
    writer.close()
    assert len(errors) == 1 and isinstance(errors[0], psycopg.errors.ForeignKeyViolation)
    with psycopg.connect(installed_db) as conn:
        orphans = conn.execute("""SELECT count(*) FROM shop."Payment Lines" p
                                   WHERE NOT EXISTS (SELECT FROM shop.rental r WHERE r.id = p.rental_id)""").fetchone()[0]
        assert orphans == 0


def test_two_forgets_of_subjects_sharing_an_address_do_not_deadlock(installed_db):
    # Customers 9 and 10 share address 9; both erasures lock it, in the same order.
    create_shop(installed_db)
    results: dict[str, object] = {}

    def forget(key: str) -> None:
        try:
            with psycopg.connect(installed_db) as conn:
                results[key] = conn.execute("SELECT privacy.gdpr_forget(%s, 'customer')", (key,)).fetchone()[0]["status"]
        except psycopg.errors.DeadlockDetected as exc:  # would be a bug: consistent lock order prevents it
            results[key] = exc

    threads = [threading.Thread(target=forget, args=(key,)) for key in ("9", "10")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    # The first keeps the shared address (partial); the second, alone on it, erases it.
    assert sorted(results.values()) == ["erased", "partially_erased"], results
    with psycopg.connect(installed_db) as conn:
        assert conn.execute("SELECT count(*) FROM shop.address WHERE id = 9").fetchone()[0] == 0


def test_a_survivor_in_a_linked_table_fails_the_erasure(installed_db):
    # A linked table has no foreign key to lock against; a row of the subject that appears
    # there mid-erasure is caught by the re-scan and the whole erasure rolls back.
    create_shop(installed_db)
    with psycopg.connect(installed_db) as conn:
        conn.execute("""
            CREATE FUNCTION shop.sneak() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN INSERT INTO shop.app_log VALUES (999, OLD.customer_ref, 'written meanwhile'); RETURN NULL; END $$;
            CREATE TRIGGER sneak AFTER DELETE ON shop.app_log FOR EACH ROW WHEN (OLD.id <> 999)
                EXECUTE FUNCTION shop.sneak();""")
    with psycopg.connect(installed_db) as conn, pytest.raises(psycopg.errors.SerializationFailure) as caught:
        conn.execute("SELECT privacy.gdpr_forget('6', 'customer')")
    assert "rows of the subject in shop.app_log appeared during the erasure" in str(caught.value)
    with psycopg.connect(installed_db) as conn:
        assert conn.execute("SELECT count(*) FROM shop.customer WHERE id = 6").fetchone()[0] == 1


def test_forgets_under_a_stream_of_writers_leave_no_orphans(installed_db):
    # Writers keep adding rentals and payments for customers 1-6 while those customers are
    # forgotten; every writer either commits before the erasure (and its rows are erased)
    # or fails on the foreign key. Deadlocks, if any, are detected and retried.
    create_shop(installed_db)
    stop = threading.Event()
    outcomes: list[str] = []

    def write(worker: int) -> None:
        with psycopg.connect(installed_db, autocommit=True) as conn:
            n = 0
            while not stop.is_set():
                n += 1
                rental = 10_000 + worker * 10_000 + n
                try:
                    with conn.transaction():
                        conn.execute("INSERT INTO shop.rental VALUES (%s, %s, 1, '2024-03-01')", (rental, 1 + n % 6))
                        conn.execute("""INSERT INTO shop."Payment Lines" VALUES (%s, %s, 1.00, NULL)""", (rental, rental))
                    outcomes.append("committed")
                except (psycopg.errors.ForeignKeyViolation, psycopg.errors.DeadlockDetected) as exc:
                    outcomes.append(type(exc).__name__)

    writers = [threading.Thread(target=write, args=(worker,)) for worker in range(3)]
    for thread in writers:
        thread.start()
    statuses = []
    with psycopg.connect(installed_db, autocommit=True) as conn:
        for key in range(1, 7):
            for _attempt in range(5):
                try:
                    statuses.append(conn.execute("SELECT privacy.gdpr_forget(%s, 'customer')", (str(key),)
                                                 ).fetchone()[0]["status"])
                    break
                except (psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure):
                    continue
    stop.set()
    for thread in writers:
        thread.join(30)
    assert statuses == ["erased"] * 6
    assert "committed" in outcomes and "ForeignKeyViolation" in outcomes
    with psycopg.connect(installed_db) as conn:
        assert conn.execute("SELECT count(*) FROM shop.rental WHERE customer_id BETWEEN 1 AND 6").fetchone()[0] == 0
        assert conn.execute("""SELECT count(*) FROM shop."Payment Lines" p
                                WHERE NOT EXISTS (SELECT FROM shop.rental r WHERE r.id = p.rental_id)""").fetchone()[0] == 0
