"""A change and its audit rows commit together, or not at all; links are appended after commit, in batches."""
from __future__ import annotations

import subprocess
import sys
import threading
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
    seal(orders)
    with psycopg.connect(orders) as conn:
        assert conn.execute("SELECT * FROM audit.verify_chain()").fetchall() == []
        assert conn.execute("SELECT row_count FROM audit.chain ORDER BY seq DESC LIMIT 1").fetchone()[0] == 2


def lazy(conn: psycopg.Connection) -> psycopg.Connection:
    """This session's commits leave sealing to others (it is due again in some 30000 years)."""
    conn.execute("SET audit.seal_after = '1e12'")
    conn.commit()
    return conn


def seal(dsn: str) -> int:
    with psycopg.connect(dsn) as conn:
        return conn.execute("SELECT audit.seal()").fetchone()[0]


def test_each_transaction_is_sealed_by_one_link_after_commit(orders):
    with lazy(psycopg.connect(orders)) as conn:
        conn.execute("INSERT INTO public.orders SELECT g, 'new' FROM generate_series(1, 50) g")
        txid = conn.execute("SELECT txid_current()").fetchone()[0]
        conn.execute("UPDATE public.orders SET status = 'paid' WHERE id <= 10")
        conn.execute("SELECT audit.log_event('bulk_load', details => '{\"rows\": 50}')")
    with psycopg.connect(orders) as conn:
        assert conn.execute("SELECT count(*) FROM audit.chain WHERE txid = %s", (txid,)).fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM audit.waiting WHERE txid = %s", (txid,)).fetchone()[0] == 1
    assert seal(orders) >= 1
    with psycopg.connect(orders) as conn:
        assert conn.execute("SELECT count(*), sum(row_count) FROM audit.chain WHERE txid = %s", (txid,)).fetchone() == (1, 61)
        assert conn.execute("SELECT count(*) FROM audit.waiting").fetchone()[0] == 0, "the queue is empty"
        assert conn.execute("SELECT * FROM audit.verify_chain()").fetchall() == []


def test_a_commit_seals_what_is_waiting_at_most_once_a_second_per_session(orders):
    with lazy(psycopg.connect(orders)) as waiting:
        waiting.execute("INSERT INTO public.orders VALUES (1, 'new')")
    with psycopg.connect(orders) as conn:
        conn.execute("INSERT INTO public.orders VALUES (2, 'new')")
        conn.commit()  # a new session is due: its commit links both transactions
        assert conn.execute("SELECT count(*) FROM audit.waiting").fetchone()[0] == 0
        conn.execute("INSERT INTO public.orders VALUES (3, 'new')")
        conn.commit()  # within the second: left waiting
        assert conn.execute("SELECT count(*) FROM audit.waiting").fetchone()[0] == 1


def test_rows_unsealed_longer_than_the_bound_are_reported(orders):
    with lazy(psycopg.connect(orders)) as conn:
        conn.execute("INSERT INTO public.orders VALUES (1, 'new')")
    with psycopg.connect(orders) as conn:
        assert conn.execute("SELECT * FROM audit.verify_chain()").fetchall() == [], "younger than the default bound"
        conn.execute("SET audit.seal_delay = '0'")
        problems = conn.execute("SELECT kind, detail FROM audit.verify_chain()").fetchall()
        assert [kind for kind, _ in problems] == ["unsealed"] and "covered by no link" in problems[0][1]
        conn.execute("SELECT audit.seal()")
        assert conn.execute("SELECT * FROM audit.verify_chain()").fetchall() == [], "sealed now"


def test_a_commit_never_waits_for_a_busy_sealer(orders):
    with psycopg.connect(orders) as sealer, psycopg.connect(orders) as writer:
        sealer.execute("SELECT audit.seal()")  # holds the sealers' lock until it commits
        writer.execute("SET lock_timeout = '2s'")
        writer.execute("INSERT INTO public.orders VALUES (1, 'new')")
        writer.commit()  # due (a new session), finds the lock taken, leaves its rows waiting
        assert writer.execute("SELECT count(*) FROM audit.waiting").fetchone()[0] == 1
        sealer.commit()
    assert seal(orders) == 1


def test_a_failing_sealer_never_fails_the_commit(orders):
    with psycopg.connect(orders) as conn:
        # A superuser plants a link where the next one would go: the sealer's insert fails.
        conn.execute("SET session_replication_role = replica")
        conn.execute("INSERT INTO audit.chain SELECT seq + 1, 0, -1, -1, hash, hash, 0, NULL, NULL, now(), hash "
                     "FROM audit.chain_head")
    with psycopg.connect(orders) as conn:
        notices: list[str] = []
        conn.add_notice_handler(lambda diag: notices.append(diag.message_primary or ""))
        conn.execute("INSERT INTO public.orders VALUES (1, 'new')")
        conn.commit()  # due (a new session): the sealer fails, the commit does not
        assert any("sealing at commit failed" in notice for notice in notices)
        assert conn.execute("SELECT count(*) FROM audit.waiting").fetchone()[0] == 1, "still queued"
        assert conn.execute("SELECT kind FROM audit.verify_chain()").fetchone()[0] in ("fork", "gap")
    assert counts(orders) == (1, 1)


def test_concurrent_sealers_never_fork_the_chain(orders):
    for key in range(1, 41):
        with lazy(psycopg.connect(orders)) as conn:
            conn.execute("INSERT INTO public.orders VALUES (%s, 'new')", (key,))
    linked: list[int] = []
    threads = [threading.Thread(target=lambda: linked.append(seal(orders))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(linked) == [0, 0, 0, 40], "one sealer linked everything; the others found it done"
    with psycopg.connect(orders) as conn:
        assert conn.execute("SELECT count(*), max(seq) - min(seq) + 1, count(DISTINCT txid) FROM audit.chain "
                            "WHERE row_count > 0 AND txid IN (SELECT txid FROM audit.statements)").fetchone() == (40, 40, 40)
        assert conn.execute("SELECT * FROM audit.verify_chain()").fetchall() == []


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
        for table in ("audit.row_changes", "audit.statements", "audit.events", "audit.chain", "audit.transactions",
                      "audit.pending"):
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


def test_repeatable_read_commits_never_fail_because_of_the_sealer(orders):
    with psycopg.connect(orders) as first, psycopg.connect(orders) as second:
        for conn in (first, second):
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        first.execute("INSERT INTO public.orders VALUES (1, 'first')")
        second.execute("INSERT INTO public.orders VALUES (2, 'second')")  # snapshot taken before first commits
        first.commit()
        second.commit()  # neither seals: their snapshots may predate another sealer's links
        with pytest.raises(psycopg.errors.InvalidTransactionState, match="READ COMMITTED"):
            second.execute("SELECT audit.seal()")
    assert counts(orders) == (2, 2)
    assert seal(orders) == 2
    with psycopg.connect(orders) as conn:
        assert conn.execute("SELECT * FROM audit.verify_chain()").fetchall() == []
