"""A change and its audit rows commit together, or not at all; sealing happens at commit."""
from __future__ import annotations

import subprocess
import sys
import time

import psycopg
import pytest

CHILD = """
import sys, time, psycopg
conn = psycopg.connect(sys.argv[1], application_name="audit-victim")
conn.execute("INSERT INTO public.orders VALUES (1, 'pending')")
conn.execute("UPDATE public.orders SET status = 'paid' WHERE id = 1")
if sys.argv[2] == "commit":
    conn.commit()
print("ready", flush=True)
time.sleep(60)
"""


@pytest.fixture
def orders(installed_db: str) -> str:
    with psycopg.connect(installed_db) as conn:
        conn.execute("CREATE TABLE public.orders (id int PRIMARY KEY, status text)")
        conn.execute("SELECT audit.enable('public.orders')")
    return installed_db


def counts(dsn: str) -> tuple[int, int]:
    with psycopg.connect(dsn) as conn:
        return conn.execute("""SELECT (SELECT count(*) FROM public.orders),
                                      (SELECT count(*) FROM audit.changes WHERE table_name = 'public.orders')""").fetchone()


def kill_client_when_ready(dsn: str, mode: str) -> None:
    child = subprocess.Popen([sys.executable, "-c", CHILD, dsn, mode], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
    finally:
        child.kill()
        child.wait()
    with psycopg.connect(dsn) as conn:
        deadline = time.monotonic() + 10
        while conn.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'audit-victim'").fetchone()[0]:
            assert time.monotonic() < deadline, "the killed client's backend did not go away"
            time.sleep(0.05)


def test_killed_client_mid_transaction_leaves_neither_change_nor_audit_row(orders):
    kill_client_when_ready(orders, "open")
    assert counts(orders) == (0, 0)


def test_killed_client_after_commit_leaves_both(orders):
    kill_client_when_ready(orders, "commit")
    assert counts(orders) == (1, 2)
    with psycopg.connect(orders) as conn:
        assert conn.execute("SELECT * FROM audit.verify_chain()").fetchall() == []


def test_failing_transaction_leaves_no_audit_row(orders):
    with psycopg.connect(orders) as conn:
        conn.execute("INSERT INTO public.orders VALUES (1, 'new')")
        with pytest.raises(psycopg.errors.UniqueViolation):
            conn.execute("INSERT INTO public.orders VALUES (2, 'new'), (1, 'duplicate')")
    assert counts(orders) == (0, 0)


def test_rolled_back_savepoint_takes_its_audit_rows_with_it(orders):
    with psycopg.connect(orders) as conn:
        conn.execute("INSERT INTO public.orders VALUES (1, 'new')")
        with pytest.raises(psycopg.errors.UniqueViolation), conn.transaction():
            conn.execute("INSERT INTO public.orders VALUES (2, 'new')")
            conn.execute("INSERT INTO public.orders VALUES (1, 'again')")
        conn.execute("UPDATE public.orders SET status = 'paid'")
    assert counts(orders) == (1, 2)
    with psycopg.connect(orders) as conn:
        assert conn.execute("SELECT * FROM audit.verify_chain()").fetchall() == []
        assert conn.execute("SELECT row_count FROM audit.chain ORDER BY seq DESC LIMIT 1").fetchone()[0] == 2


def test_each_transaction_is_sealed_by_one_link_at_commit(orders):
    with psycopg.connect(orders) as conn:
        conn.execute("INSERT INTO public.orders SELECT g, 'new' FROM generate_series(1, 50) g")
        assert conn.execute("SELECT count(*) FROM audit.chain WHERE txid = txid_current()").fetchone()[0] == 0
        txid = conn.execute("SELECT txid_current()").fetchone()[0]
        conn.execute("UPDATE public.orders SET status = 'paid' WHERE id <= 10")
        conn.execute("SELECT audit.log_event('bulk_load', details => '{\"rows\": 50}')")
    with psycopg.connect(orders) as conn:
        assert conn.execute("SELECT count(*), sum(row_count) FROM audit.chain WHERE txid = %s", (txid,)).fetchone() == (1, 61)


def test_hash_is_independent_of_the_session_time_zone(orders):
    with psycopg.connect(orders) as conn:
        conn.execute("SET TimeZone = 'Pacific/Chatham'")
        conn.execute("SET DateStyle = 'SQL, DMY'")
        conn.execute("INSERT INTO public.orders VALUES (1, 'new')")
    with psycopg.connect(orders) as conn:
        conn.execute("SET TimeZone = 'America/Lima'")
        assert conn.execute("SELECT * FROM audit.verify_chain()").fetchall() == []


def test_checkpoint_catches_a_chain_rewritten_by_a_superuser(orders):
    with psycopg.connect(orders) as conn:
        conn.execute("INSERT INTO public.orders VALUES (1, 'new')")
    with psycopg.connect(orders) as conn:
        seq, digest, _ = conn.execute("SELECT * FROM audit.checkpoint()").fetchone()
        assert conn.execute("SELECT * FROM audit.verify_chain(NULL, %s, %s)", (seq, digest)).fetchall() == []
    with psycopg.connect(orders) as conn:
        # Rewrite history from scratch, consistently: empty the trail and replay a different story.
        conn.execute("SET session_replication_role = replica")
        for table in ("audit.row_changes", "audit.statements", "audit.events", "audit.chain", "audit.transactions"):
            conn.execute(f"DELETE FROM {table}")
        conn.execute("UPDATE audit.chain_head SET seq = 0, hash = sha256('')")
        conn.execute("RESET session_replication_role")
        conn.execute("UPDATE public.orders SET status = 'never paid'")
    with psycopg.connect(orders) as conn:
        assert conn.execute("SELECT * FROM audit.verify_chain()").fetchall() == [], "the rewrite is self-consistent"
        problems = conn.execute("SELECT kind FROM audit.verify_chain(NULL, %s, %s)", (seq, digest)).fetchall()
        assert problems and problems[0][0] in ("modified", "gap")


def test_the_trail_is_evidence_that_uninstall_keeps(orders, cli):
    with psycopg.connect(orders) as conn:
        conn.execute("INSERT INTO public.orders VALUES (1, 'new')")
    refused = cli("uninstall", "--dsn", orders)
    assert refused.returncode == 2
    assert "audit.row_changes: 1 rows" in refused.stderr and "audit.statements: 1 rows" in refused.stderr
    assert "audit.chain: " in refused.stderr


def test_repeatable_read_sealer_behind_the_head_fails_whole_and_retries_cleanly(orders):
    with psycopg.connect(orders) as first, psycopg.connect(orders) as second:
        for conn in (first, second):
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        first.execute("INSERT INTO public.orders VALUES (1, 'first')")
        second.execute("INSERT INTO public.orders VALUES (2, 'second')")  # snapshot taken before first commits
        first.commit()
        with pytest.raises(psycopg.errors.SerializationFailure):
            second.commit()
        second.execute("INSERT INTO public.orders VALUES (2, 'second, retried')")
        second.commit()
    assert counts(orders) == (2, 2)
    with psycopg.connect(orders) as conn:
        assert conn.execute("SELECT * FROM audit.verify_chain()").fetchall() == []
