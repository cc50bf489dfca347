"""Audit trail overhead: python -m bench.audit

Each workload runs with auditing off (the baseline), with audit.enable (ours), and with
a popular open-source design for comparison: a row-level AFTER trigger that writes the
jsonb of OLD and NEW for every row (written here, for the benchmark only). The runs are
interleaved and medians reported, as ratios against the baseline of the same run.

    bulk insert      100k rows in one INSERT ... SELECT
    single updates   100k one-row UPDATE statements in one transaction
    small tx         pgbench's TPC-B-like transactions (3 UPDATEs, 1 SELECT, 1 INSERT), 2 clients
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
from collections.abc import Callable
from pathlib import Path

import psycopg

from bench.common import Comparison, governed_database, print_table, seconds
from installer.engine.throwaway import find_bindir

MODES = ("off", "audit", "row-jsonb")
WORKLOADS = ("bulk", "updates", "small")
TARGETS = {"bulk insert, audit": 2.5, "small tx, audit": 1.25}

# The comparison design: one row-level trigger per table, jsonb of the whole old and new
# rows, as in the widely copied "audit trigger" recipes.
ROW_JSONB_SETUP = """
CREATE TABLE IF NOT EXISTS public.row_audit_log (
    id          bigserial PRIMARY KEY,
    table_name  text NOT NULL,
    op          text NOT NULL,
    old_row     jsonb,
    new_row     jsonb,
    changed_by  text NOT NULL DEFAULT current_user,
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


def set_mode(conn: psycopg.Connection, table: str, mode: str) -> None:
    conn.execute(f"DROP TRIGGER IF EXISTS row_audit ON {table}")
    conn.execute("SELECT audit.disable(%s::regclass)", (table,))
    if mode == "audit":
        conn.execute("SELECT audit.enable(%s::regclass)", (table,))
    elif mode == "row-jsonb":
        conn.execute(f"CREATE TRIGGER row_audit AFTER INSERT OR UPDATE OR DELETE ON {table} "
                     "FOR EACH ROW EXECUTE FUNCTION public.row_audit()")


def bulk_insert(conn: psycopg.Connection, mode: str, rows: int) -> float:
    conn.execute("DROP TABLE IF EXISTS public.bulk")
    conn.execute("CREATE TABLE public.bulk (id bigint PRIMARY KEY, name text, email text, amount numeric, "
                 "created_at timestamptz)")
    set_mode(conn, "public.bulk", mode)
    conn.commit()

    def work() -> None:
        conn.execute("INSERT INTO public.bulk SELECT g, 'name ' || g, 'user' || g || '@example.com', g %% 1000, "
                     "now() FROM generate_series(1, %s) g", (rows,))
        conn.commit()
    return seconds(work)


def single_updates(conn: psycopg.Connection, mode: str, rows: int) -> float:
    conn.execute("DROP TABLE IF EXISTS public.upd")
    conn.execute("CREATE TABLE public.upd (id bigint PRIMARY KEY, balance numeric NOT NULL, note text)")
    conn.execute("INSERT INTO public.upd SELECT g, 0, 'row ' || g FROM generate_series(1, %s) g", (rows,))
    conn.commit()
    set_mode(conn, "public.upd", mode)
    conn.commit()

    def work() -> None:
        conn.execute(f"DO $$ BEGIN FOR i IN 1..{int(rows)} LOOP "
                     "UPDATE public.upd SET balance = balance + 1 WHERE id = i; END LOOP; END $$")
        conn.commit()
    return seconds(work)


def small_transactions(dsn: str, conn: psycopg.Connection, mode: str, transactions: int) -> float:
    for table in ("pgbench_accounts", "pgbench_tellers", "pgbench_branches", "pgbench_history"):
        set_mode(conn, f"public.{table}", mode)
    conn.commit()
    command = [str(pgbench()), "-n", "-c", "2", "-j", "2", "-t", str(transactions // 2), *_conn_args(dsn)]
    return seconds(lambda: subprocess.run(command, check=True, capture_output=True))


def pgbench() -> Path:
    found = shutil.which("pgbench")
    return Path(found) if found else find_bindir() / "pgbench"


def interleaved(name: str, measure: Callable[[str], float], runs: int) -> list[Comparison]:
    """Runs off / audit / row-jsonb in turn; one Comparison per governed mode."""
    timings: dict[str, list[float]] = {mode: [] for mode in MODES}
    for _ in range(runs):
        for mode in MODES:
            timings[mode].append(measure(mode))
    return [Comparison(f"{name}, {mode}", timings["off"], timings[mode]) for mode in MODES[1:]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    # 10000: with 2000 the baseline lasts 0.2-0.4 s and its noise moves the ratio by 1x.
    parser.add_argument("--transactions", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=WORKLOADS, action="append",
                        help="run only this workload (repeatable; default: all)")
    args = parser.parse_args()
    only = set(args.only or WORKLOADS)

    with governed_database() as dsn, psycopg.connect(dsn) as conn:
        conn.execute(ROW_JSONB_SETUP)
        conn.commit()
        subprocess.run([str(pgbench()), "-i", "-q", "-s", "1", *_conn_args(dsn)], check=True, capture_output=True)
        rows: list[Comparison] = []
        if "bulk" in only:
            rows += interleaved("bulk insert", lambda mode: bulk_insert(conn, mode, args.rows), args.runs)
        if "updates" in only:
            rows += interleaved("single updates", lambda mode: single_updates(conn, mode, args.rows), args.runs)
        if "small" in only:
            rows += interleaved("small tx", lambda mode: small_transactions(dsn, conn, mode, args.transactions),
                                args.runs)
        print_table(f"Audit overhead (medians of {args.runs} runs; ratio = with audit / without)", rows, TARGETS)
        print("\nOurs against the row-level jsonb design (ours / theirs):")
        for ours, theirs in zip(rows[::2], rows[1::2]):
            print(f"  {ours.name.rsplit(',', 1)[0]:20} {statistics.median(ours.governed) / statistics.median(theirs.governed):5.2f}x")
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
