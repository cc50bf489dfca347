"""Precision and recall of `governance.discover_pii` on the labelled fixtures of
bench/discovery_fixtures.py (a shop, a CRM, a hospital, an HR system, an event log with
JSON payloads), per fixture and overall, with each false positive and false negative, and
the time discovery took per schema.

    python -m bench.discovery

tests/test_discovery_accuracy.py asserts the floors (precision 0.85, recall 0.75) on the
same fixtures.
"""
from __future__ import annotations

import time

import psycopg

from bench.common import governed_database
from bench.discovery_fixtures import FIXTURES, load, measure


def main() -> None:
    with governed_database() as dsn, psycopg.connect(dsn) as conn:
        load(conn)
        conn.commit()
        started = time.perf_counter()
        scores = measure(conn)
        elapsed = time.perf_counter() - started
        print(f"\n{'fixture':12} {'labelled':>8} {'proposed':>8} {'correct':>7} {'precision':>9} {'recall':>6}")
        for s in scores:
            print(f"{s.fixture:12} {len(s.personal):8} {len(s.proposed):8} {len(s.true_positives):7} "
                  f"{s.precision:9.2f} {s.recall:6.2f}")
        for s in scores[:-1]:
            for kind, cols in (("false positive", s.proposed - s.personal), ("missed", s.personal - s.proposed)):
                for table, column in sorted(cols):
                    print(f"  {s.fixture}: {kind}: {table}.{column}")
        print(f"\ndiscover_pii on {len(FIXTURES)} schemas: {elapsed:.2f} s")


if __name__ == "__main__":
    main()
