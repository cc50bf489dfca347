"""Forget and export latency per subject as the database grows.

`python -m bench.erasure`: for each size, the realistic shop schema of
pgtap/helpers/erasure_schema.sql is filled with that many customers (~33 rows each over
13 tables, FKs indexed); then privacy.gdpr_forget / privacy.gdpr_export of single
subjects are timed against a hand-written baseline doing the same work with no
governance (the DELETEs/UPDATEs in the right order; one jsonb query for the export).
Each run forgets a different subject and commits. The point: the time per subject
must not grow with the database, only with the subject's data.
"""
from __future__ import annotations

import itertools
import statistics
import sys
import time
from pathlib import Path

import psycopg

from .common import Comparison, compare, governed_database, print_table

SIZES = tuple(int(s) for s in sys.argv[1:]) or (10_000, 100_000)
RENTALS = 6          # per customer: 6 rentals, payments and notes, 3 reviews, 2 events, ... ~33 rows
RUNS = 15
SCHEMA_SQL = (Path(__file__).resolve().parent.parent / "pgtap" / "helpers" / "erasure_schema.sql").read_text()

BASELINE_FORGET = """
UPDATE shop.invoice SET customer_id = NULL, billing_name = 'erased', billing_email = NULL WHERE customer_id = {k};
DELETE FROM shop.payment_note WHERE payment_id IN (SELECT p.id FROM shop."Payment Lines" p
                                                     JOIN shop.rental r ON r.id = p.rental_id WHERE r.customer_id = {k});
DELETE FROM shop."Payment Lines" WHERE rental_id IN (SELECT id FROM shop.rental WHERE customer_id = {k});
DELETE FROM shop.rental_review WHERE customer_id = {k};
DELETE FROM shop.rental WHERE customer_id = {k};
DELETE FROM shop.event WHERE customer_id = {k};
DELETE FROM shop.page_view WHERE customer_id = {k};
DELETE FROM shop.favorite WHERE customer_id = {k};
UPDATE shop.customer SET primary_account_id = NULL WHERE id = {k};
DELETE FROM shop.account WHERE customer_id = {k};
UPDATE shop.customer SET referred_by = NULL WHERE referred_by = {k};
WITH gone AS (DELETE FROM shop.customer WHERE id = {k} RETURNING address_id)
DELETE FROM shop.address a USING gone WHERE a.id = gone.address_id
   AND NOT EXISTS (SELECT FROM shop.customer c WHERE c.address_id = a.id)
   AND NOT EXISTS (SELECT FROM shop.store s WHERE s.address_id = a.id);
DELETE FROM shop.app_log WHERE customer_ref = '{k}';
"""

BASELINE_EXPORT = """
SELECT jsonb_build_object(
  'customer', (SELECT jsonb_agg(to_jsonb(x)) FROM shop.customer x WHERE id = %(k)s),
  'account', (SELECT jsonb_agg(to_jsonb(x)) FROM shop.account x WHERE customer_id = %(k)s),
  'rental', (SELECT jsonb_agg(to_jsonb(x)) FROM shop.rental x WHERE customer_id = %(k)s),
  'payment', (SELECT jsonb_agg(to_jsonb(p)) FROM shop."Payment Lines" p JOIN shop.rental r ON r.id = p.rental_id
               WHERE r.customer_id = %(k)s),
  'note', (SELECT jsonb_agg(to_jsonb(n)) FROM shop.payment_note n JOIN shop."Payment Lines" p ON p.id = n.payment_id
            JOIN shop.rental r ON r.id = p.rental_id WHERE r.customer_id = %(k)s),
  'review', (SELECT jsonb_agg(to_jsonb(x)) FROM shop.rental_review x WHERE customer_id = %(k)s),
  'event', (SELECT jsonb_agg(to_jsonb(x)) FROM shop.event x WHERE customer_id = %(k)s),
  'page_view', (SELECT jsonb_agg(to_jsonb(x)) FROM shop.page_view x WHERE customer_id = %(k)s),
  'favorite', (SELECT jsonb_agg(to_jsonb(x)) FROM shop.favorite x WHERE customer_id = %(k)s),
  'invoice', (SELECT jsonb_agg(to_jsonb(x)) FROM shop.invoice x WHERE customer_id = %(k)s),
  'ledger', (SELECT jsonb_agg(to_jsonb(l)) FROM shop.ledger_entry l JOIN shop.invoice i ON i.id = l.invoice_id
              WHERE i.customer_id = %(k)s),
  'app_log', (SELECT jsonb_agg(to_jsonb(x)) FROM shop.app_log x WHERE customer_ref = %(k)s::text),
  'address', (SELECT jsonb_agg(to_jsonb(a)) FROM shop.address a JOIN shop.customer c ON c.address_id = a.id
               WHERE c.id = %(k)s))
"""


def _fill(conn: psycopg.Connection, customers: int) -> float:
    started = time.perf_counter()
    with conn.transaction():
        conn.execute("DROP SCHEMA IF EXISTS shop CASCADE")
        conn.execute("DELETE FROM governance.classifications")
        conn.execute("DELETE FROM privacy.linked_tables")
        conn.execute("DELETE FROM privacy.owned_parents")
        conn.execute("DELETE FROM privacy.erasure_rules")
        conn.execute(SCHEMA_SQL)
        conn.execute("SELECT shop.populate(%s, %s)", (customers, RENTALS))
        conn.execute("SELECT shop.configure_privacy()")
    conn.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


def measure(dsn: str, customers: int) -> list[Comparison]:
    with psycopg.connect(dsn, autocommit=True) as conn:
        filled = _fill(conn, customers)
        rows = conn.execute("SELECT sum(n_live_tup) FROM pg_stat_user_tables WHERE schemaname = 'shop'").fetchone()[0]
        print(f"  {customers} customers, {rows} rows, filled in {filled:.0f} s", file=sys.stderr)
        # Distinct subjects for every run: baseline from the bottom, governed from the middle.
        base_keys = itertools.count(1)
        gov_keys = itertools.count(customers // 2)
        export_keys = itertools.cycle(range(customers // 4, customers // 4 + RUNS))

        def forget_baseline() -> None:
            with conn.transaction():
                conn.execute(BASELINE_FORGET.format(k=int(next(base_keys))))

        def forget_governed() -> None:
            with conn.transaction():
                conn.execute("SELECT privacy.gdpr_forget(%s, 'customer')", (str(next(gov_keys)),))

        key = {"k": 0}

        def export_baseline() -> None:
            conn.execute(BASELINE_EXPORT, {"k": key["k"]}).fetchone()

        def export_governed() -> None:
            conn.execute("SELECT privacy.gdpr_export(%s, 'customer')", (str(key["k"]),)).fetchone()
            key["k"] = next(export_keys)

        key["k"] = next(export_keys)
        for warm_up in (forget_baseline, forget_governed, export_baseline, export_governed) * 3:
            warm_up()   # caches and catalog lookups warm, as in a running system
        return [compare(f"forget, {customers:,} subjects", forget_baseline, forget_governed, RUNS),
                compare(f"export, {customers:,} subjects", export_baseline, export_governed, RUNS)]


def main() -> None:
    results: list[Comparison] = []
    with governed_database() as dsn:
        for size in SIZES:
            results.extend(measure(dsn, size))
    print_table("Erasure and export per subject (~33 rows each): hand-written SQL vs gdpr_forget/gdpr_export", results)
    print("\nmilliseconds per subject (median): "
          + ", ".join(f"{r.name}: {statistics.median(r.governed) * 1000:.1f} ms" for r in results))


if __name__ == "__main__":
    main()
