"""Retention of expired rows in a large table, with a writer at work (rows/s, writer waits).

    python -m bench.retention [--rows N] [--expired M] [--batch-size B]

One table (id, customer, payload, created_at with an index) of N rows, M of them past a
one-year retention rule, and a child table (one row per expired parent's tenth) deleted
first. `maintain`'s loop (installer/cli/retention.apply_all) removes them in batches
while a writer inserts new rows one per transaction; the writer's slowest insert is the
longest it was held up. The default is the issue's 10M/1M; smaller sizes run the same way.
"""
from __future__ import annotations

import argparse
import io
import statistics
import threading
import time

import psycopg

from bench.common import governed_database
from installer.cli.retention import apply_all

SCHEMA = """
    CREATE TABLE public.events (id bigint PRIMARY KEY, customer int NOT NULL, payload text,
                                created_at timestamptz NOT NULL);
    INSERT INTO public.events
    SELECT g, g % 100000, 'payload ' || g,
           CASE WHEN g <= %(expired)s THEN now() - interval '400 days' - g * interval '1 second'
                ELSE now() - (g %% 300) * interval '1 day' END
      FROM generate_series(1, %(rows)s) g;
    CREATE INDEX ON public.events (created_at);
    CREATE TABLE public.event_tags (id bigint PRIMARY KEY, event_id bigint NOT NULL REFERENCES public.events, tag text);
    INSERT INTO public.event_tags SELECT g, g * 10, 'tag' FROM generate_series(1, %(rows)s / 10) g;
    CREATE INDEX ON public.event_tags (event_id);
    SELECT governance.classify('public.events', 'payload', 'free_text');
    SELECT privacy.set_retention('public.events', 'created_at', '1 year', 'delete', 'benchmark');
    VACUUM ANALYZE;
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--expired", type=int, default=1_000_000)
    parser.add_argument("--batch-size", type=int, default=10_000)
    args = parser.parse_args()
    with governed_database() as dsn:
        started = time.monotonic()
        with psycopg.connect(dsn, autocommit=True) as conn:
            for statement in SCHEMA.split(";\n"):
                if statement.strip():
                    conn.execute(statement.replace("%(expired)s", str(args.expired))
                                 .replace("%(rows)s", str(args.rows)).replace("%%", "%"))
        print(f"loaded {args.rows:,} rows ({args.expired:,} expired) in {time.monotonic() - started:.0f} s")

        waits: list[float] = []
        stop = threading.Event()

        def write() -> None:
            with psycopg.connect(dsn, autocommit=True) as writer:
                next_id = args.rows + 1
                while not stop.is_set():
                    began = time.perf_counter()
                    writer.execute("INSERT INTO public.events VALUES (%s, 1, 'new', now())", (next_id,))
                    waits.append(time.perf_counter() - began)
                    next_id += 1

        thread = threading.Thread(target=write)
        thread.start()
        try:
            with psycopg.connect(dsn, autocommit=True) as conn:
                summary = apply_all(conn, args.batch_size, 2.0, out=io.StringIO(), progress=io.StringIO())[0]
        finally:
            stop.set()
            thread.join()
    rate = summary["rows"] / summary["seconds"]
    waits.sort()
    print(f"retention: {summary['rows']:,} rows (+{sum(summary['children'].values()):,} children) deleted in "
          f"{summary['batches']} batches of {args.batch_size:,}: {summary['seconds']:.1f} s, {rate:,.0f} rows/s")
    print(f"writer: {len(waits):,} inserts meanwhile, median {statistics.median(waits) * 1000:.2f} ms, "
          f"p99 {waits[int(len(waits) * 0.99)] * 1000:.1f} ms, longest {waits[-1] * 1000:.1f} ms")


if __name__ == "__main__":
    main()
