"""Audit trail overhead: python -m bench.audit

Each workload runs with auditing off (the baseline), with audit.enable (ours), and, in
the same run, with two peers: a row-level AFTER trigger that writes the jsonb of OLD and
NEW for every row with the actor (the widely copied "audit trigger" recipe, written here
for the benchmark only), and pgaudit's session logging of writes (`pgaudit.log = write`,
to the server log) where the server has pgaudit. Every workload claims its context with
governance.set_context once per transaction, as applications do, in every mode. Runs are
interleaved; medians are reported, as ratios against the baseline of the same run and
against each peer.

    bulk insert      100k rows in one INSERT ... SELECT
    single updates   100k one-row UPDATE statements in one transaction
    small tx         pgbench's TPC-B-like transactions (3 UPDATEs, 1 SELECT, 1 INSERT), 2 clients

The sealer's cost is measured apart: after each audited bulk and update run, audit.seal()
turns the run's raw records into the trail and links them (commits leave backlogs of
more than audit.seal_at_commit_rows to it); small transactions are sealed by their own
commits, inside the timed run.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import psycopg

from bench.common import Comparison, governed_database, print_table, seconds
from installer.engine.throwaway import find_bindir

WORKLOADS = ("bulk", "updates", "small")
TARGETS = {"bulk insert, audit": 2.0, "single updates, audit": 3.0, "small tx, audit": 1.4}

# The row-level peer: one trigger per table, jsonb of the whole old and new rows and who
# made the change (the pack's actor, as an application using set_context records it).
ROW_JSONB_SETUP = """
CREATE TABLE IF NOT EXISTS public.row_audit_log (
    id          bigserial PRIMARY KEY,
    table_name  text NOT NULL,
    op          text NOT NULL,
    old_row     jsonb,
    new_row     jsonb,
    changed_by  text NOT NULL DEFAULT governance.current_actor(),
    changed_at  timestamptz NOT NULL DEFAULT now(),
    txid        bigint NOT NULL DEFAULT txid_current()
);
CREATE OR REPLACE FUNCTION public.row_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO public.row_audit_log (table_name, op, new_row) VALUES (TG_TABLE_NAME, TG_OP, to_jsonb(NEW));
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO public.row_audit_log (table_name, op, old_row, new_row)
        VALUES (TG_TABLE_NAME, TG_OP, to_jsonb(OLD), to_jsonb(NEW));
    ELSE
        INSERT INTO public.row_audit_log (table_name, op, old_row) VALUES (TG_TABLE_NAME, TG_OP, to_jsonb(OLD));
    END IF;
    RETURN NULL;
END
$$;
"""

# pgbench's built-in TPC-B-like transaction at scale 1, with the context claimed first.
SMALL_TX = """\\set aid random(1, 100000)
\\set bid 1
\\set tid random(1, 10)
\\set delta random(-5000, 5000)
BEGIN;
SELECT governance.set_context('teller-' || :tid, tenant => 'branch-1');
UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;
SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
UPDATE pgbench_tellers SET tbalance = tbalance + :delta WHERE tid = :tid;
UPDATE pgbench_branches SET bbalance = bbalance + :delta WHERE bid = :bid;
INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (:tid, :bid, :aid, :delta, CURRENT_TIMESTAMP);
END;
"""

SET_CONTEXT = "SELECT governance.set_context('loader@example.com', tenant => 'acme')"


def pgaudit_library() -> bool:
    out = subprocess.run([str(find_bindir() / "pg_config"), "--pkglibdir"], capture_output=True, text=True) \
        if (find_bindir() / "pg_config").exists() else None
    return bool(out and out.returncode == 0 and (Path(out.stdout.strip()) / "pgaudit.so").exists())


def set_mode(conn: psycopg.Connection, table: str, mode: str) -> None:
    conn.execute(f"DROP TRIGGER IF EXISTS row_audit ON {table}")
    conn.execute("SELECT audit.disable(%s::regclass)", (table,))
    if mode == "audit":
        conn.execute("SELECT audit.enable(%s::regclass)", (table,))
    elif mode == "row-jsonb":
        conn.execute(f"CREATE TRIGGER row_audit AFTER INSERT OR UPDATE OR DELETE ON {table} "
                     "FOR EACH ROW EXECUTE FUNCTION public.row_audit()")


def session_logging(conn: psycopg.Connection, mode: str) -> None:
    if mode == "pgaudit" or conn.execute("SELECT current_setting('pgaudit.log', true) IS NOT NULL").fetchone()[0]:
        conn.execute("SELECT set_config('pgaudit.log', %s, false)", ("write" if mode == "pgaudit" else "none",))


class Sealer:
    """audit.seal() after each audited run of a workload: seconds and rows, for us per row."""

    def __init__(self) -> None:
        self.seconds: list[float] = []
        self.rows: list[int] = []

    def seal(self, conn: psycopg.Connection) -> None:
        rows = conn.execute("SELECT COALESCE(sum(row_count), 0) FROM audit.pending").fetchone()[0]
        conn.commit()
        self.seconds.append(seconds(lambda: (conn.execute("SELECT audit.seal()"), conn.commit())))
        self.rows.append(int(rows))

    def us_per_row(self) -> float | None:
        per_row = [s / r * 1e6 for s, r in zip(self.seconds, self.rows) if r]
        return statistics.median(per_row) if per_row else None


def bulk_insert(conn: psycopg.Connection, mode: str, rows: int, sealer: Sealer) -> float:
    conn.execute("DROP TABLE IF EXISTS public.bulk")
    conn.execute("CREATE TABLE public.bulk (id bigint PRIMARY KEY, name text, email text, amount numeric, "
                 "created_at timestamptz)")
    set_mode(conn, "public.bulk", mode)
    session_logging(conn, mode)
    conn.commit()

    def work() -> None:
        conn.execute(SET_CONTEXT)
        conn.execute("INSERT INTO public.bulk SELECT g, 'name ' || g, 'user' || g || '@example.com', g %% 1000, "
                     "now() FROM generate_series(1, %s) g", (rows,))
        conn.commit()
    elapsed = seconds(work)
    session_logging(conn, "off")
    if mode == "audit":
        sealer.seal(conn)
    return elapsed


def single_updates(conn: psycopg.Connection, mode: str, rows: int, sealer: Sealer) -> float:
    conn.execute("DROP TABLE IF EXISTS public.upd")
    conn.execute("CREATE TABLE public.upd (id bigint PRIMARY KEY, balance numeric NOT NULL, note text)")
    conn.execute("INSERT INTO public.upd SELECT g, 0, 'row ' || g FROM generate_series(1, %s) g", (rows,))
    conn.commit()
    set_mode(conn, "public.upd", mode)
    session_logging(conn, mode)
    conn.commit()

    def work() -> None:
        conn.execute(f"DO $$ BEGIN PERFORM governance.set_context('clerk@example.com', tenant => 'acme'); "
                     f"FOR i IN 1..{int(rows)} LOOP "
                     "UPDATE public.upd SET balance = balance + 1 WHERE id = i; END LOOP; END $$")
        conn.commit()
    elapsed = seconds(work)
    session_logging(conn, "off")
    if mode == "audit":
        sealer.seal(conn)
    return elapsed


def small_transactions(dsn: str, conn: psycopg.Connection, mode: str, transactions: int, script: Path) -> float:
    for table in ("pgbench_accounts", "pgbench_tellers", "pgbench_branches", "pgbench_history"):
        set_mode(conn, f"public.{table}", mode)
    conn.commit()
    env = {**os.environ, "PGOPTIONS": f"-c pgaudit.log={'write' if mode == 'pgaudit' else 'none'}"} \
        if "pgaudit" in MODES else None
    command = [str(pgbench()), "-n", "-c", "2", "-j", "2", "-t", str(transactions // 2), "-f", str(script),
               *_conn_args(dsn)]
    return seconds(lambda: subprocess.run(command, check=True, capture_output=True, env=env))


def pgbench() -> Path:
    found = shutil.which("pgbench")
    return Path(found) if found else find_bindir() / "pgbench"


MODES: tuple[str, ...] = ("off", "audit", "row-jsonb")


def interleaved(name: str, measure: Callable[[str], float], runs: int) -> list[Comparison]:
    """Runs every mode in turn, `runs` times; one Comparison per mode other than off."""
    timings: dict[str, list[float]] = {mode: [] for mode in MODES}
    for _ in range(runs):
        for mode in MODES:
            timings[mode].append(measure(mode))
    return [Comparison(f"{name}, {mode}", timings["off"], timings[mode]) for mode in MODES[1:]]


def main() -> None:
    global MODES
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    # 10000: with 2000 the baseline lasts 0.2-0.4 s and its noise moves the ratio by 1x.
    parser.add_argument("--transactions", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=WORKLOADS, action="append",
                        help="run only this workload (repeatable; default: all)")
    args = parser.parse_args()
    only = set(args.only or WORKLOADS)
    settings = {}
    if pgaudit_library():
        MODES = (*MODES, "pgaudit")
        settings = {"shared_preload_libraries": "pgaudit", "pgaudit.log": "none"}

    sealers = {"bulk": Sealer(), "updates": Sealer()}
    with governed_database(settings) as dsn, psycopg.connect(dsn) as conn, \
            tempfile.TemporaryDirectory() as scratch:
        script = Path(scratch) / "small_tx.sql"
        script.write_text(SMALL_TX)
        os.chmod(scratch, 0o755)
        os.chmod(script, 0o644)
        conn.execute(ROW_JSONB_SETUP)
        if "pgaudit" in MODES:
            conn.execute("CREATE EXTENSION IF NOT EXISTS pgaudit")
        conn.commit()
        subprocess.run([str(pgbench()), "-i", "-q", "-s", "1", *_conn_args(dsn)], check=True, capture_output=True)
        rows: list[Comparison] = []
        if "bulk" in only:
            rows += interleaved("bulk insert", lambda mode: bulk_insert(conn, mode, args.rows, sealers["bulk"]),
                                args.runs)
        if "updates" in only:
            rows += interleaved("single updates",
                                lambda mode: single_updates(conn, mode, args.rows, sealers["updates"]), args.runs)
        if "small" in only:
            rows += interleaved("small tx", lambda mode: small_transactions(dsn, conn, mode, args.transactions, script),
                                args.runs)
        print_table(f"Audit overhead (medians of {args.runs} runs; ratio = with audit / without; "
                    f"load average {os.getloadavg()[0]:.2f})", rows, TARGETS)
        peers = [mode for mode in MODES[2:]]
        print("\nOurs against each peer (ours / theirs, same run):")
        per_workload = len(MODES) - 1
        for start in range(0, len(rows), per_workload):
            ours, *theirs = rows[start:start + per_workload]
            name = ours.name.rsplit(',', 1)[0]
            print(f"  {name:20} " + "  ".join(
                f"{peer} {statistics.median(ours.governed) / statistics.median(other.governed):5.2f}x"
                for peer, other in zip(peers, theirs)))
        for workload, sealer in sealers.items():
            if sealer.rows:
                print(f"\nsealer after {workload}: {sealer.us_per_row():.2f} us per row "
                      f"(median; {sealer.rows[0]} rows per run, audit.seal() {statistics.median(sealer.seconds):.3f} s)")
        # Commits seal in batches, at most once a second per session: link what is left first.
        linked = conn.execute("SELECT audit.seal()").fetchone()[0]
        conn.commit()
        problems = conn.execute("SELECT count(*) FROM audit.verify_chain()").fetchone()[0]
        print(f"\nverify_chain after the run (audit.seal() linked the last {linked} transactions): "
              f"{'intact' if problems == 0 else f'{problems} problems'}")


def _conn_args(dsn: str) -> list[str]:
    params = psycopg.conninfo.conninfo_to_dict(dsn)
    return ["-h", params["host"], "-p", str(params["port"]), "-U", params["user"], params["dbname"]]


if __name__ == "__main__":
    main()
