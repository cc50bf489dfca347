"""Forget and export latency per subject as the database grows.

    python -m bench.erasure [--subjects 10000,100000,1000000] [--runs 15]

For each size, the realistic shop schema of pgtap/helpers/erasure_schema.sql is filled
with that many customers (~33 rows each over 13 tables, FKs indexed); then
privacy.gdpr_forget / privacy.gdpr_export of single subjects are timed against a
hand-written baseline doing the same work with no governance (the DELETEs/UPDATEs in the
right order; one jsonb query for the export). Each run forgets a different subject,
picked at random over the whole table, and commits. The point: the time per subject must
not grow with the database, only with the subject's data.

The fill is a bulk load as pg_restore does it: foreign keys and secondary indexes are
dropped, the rows inserted set-based (shop.populate, generate_series) in the transaction
that created the tables (wal_level=minimal: no WAL for them), then the indexes are built
and the foreign keys added back (each validated by one set-based check), then VACUUM
ANALYZE. 1M subjects (33M rows, ~6 GB) take a few minutes.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg

from .common import Comparison, compare, governed_database, print_table

RENTALS = 6          # per customer: 6 rentals, payments and notes, 3 reviews, 2 events, ... ~33 rows
SCHEMA_SQL = (Path(__file__).resolve().parent.parent / "pgtap" / "helpers" / "erasure_schema.sql").read_text()
# Bulk-load friendly server: no WAL for tables created in the loading transaction, room for
# index builds. Nothing here changes what one forget or export does.
SETTINGS = {"wal_level": "minimal", "max_wal_senders": "0", "maintenance_work_mem": "1GB"}

# The shop's foreign keys and secondary indexes, declared on the table itself (not those a
# partition inherits from its partitioned table, which go and come back with it).
DEFERRED_DDL = """
SELECT 'ALTER TABLE ' || c.conrelid::regclass || ' DROP CONSTRAINT ' || quote_ident(c.conname),
       'ALTER TABLE ' || c.conrelid::regclass || ' ADD CONSTRAINT ' || quote_ident(c.conname) || ' '
                      || pg_get_constraintdef(c.oid)
  FROM pg_constraint c
 WHERE c.contype = 'f' AND c.connamespace = 'shop'::regnamespace AND c.conparentid = 0
UNION ALL
SELECT 'DROP INDEX ' || i.indexrelid::regclass,
       -- ON ONLY would build the partitioned table's index without its partitions'.
       replace(pg_get_indexdef(i.indexrelid), ' ON ONLY ', ' ON ')
  FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
 WHERE t.relnamespace = 'shop'::regnamespace
   AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = i.indexrelid)
   AND NOT EXISTS (SELECT FROM pg_inherits h WHERE h.inhrelid = i.indexrelid)
"""

# The baselines reach rental_review through rental, as the engine does: its composite key
# (rental_id, customer_id) is indexed by the primary key, customer_id alone by nothing.
BASELINE_FORGET = """
UPDATE shop.invoice SET customer_id = NULL, billing_name = 'erased', billing_email = NULL WHERE customer_id = {k};
DELETE FROM shop.payment_note WHERE payment_id IN (SELECT p.id FROM shop."Payment Lines" p
                                                     JOIN shop.rental r ON r.id = p.rental_id WHERE r.customer_id = {k});
DELETE FROM shop."Payment Lines" WHERE rental_id IN (SELECT id FROM shop.rental WHERE customer_id = {k});
DELETE FROM shop.rental_review WHERE (rental_id, customer_id) IN (SELECT id, customer_id FROM shop.rental
                                                                   WHERE customer_id = {k});
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
  'review', (SELECT jsonb_agg(to_jsonb(x)) FROM shop.rental_review x JOIN shop.rental r
               ON (r.id, r.customer_id) = (x.rental_id, x.customer_id) WHERE r.customer_id = %(k)s),
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


def _fill(conn: psycopg.Connection, customers: int) -> dict[str, float]:
    phases: dict[str, float] = {}
    started = time.perf_counter()
    with conn.transaction():
        conn.execute("DROP SCHEMA IF EXISTS shop CASCADE")
        conn.execute("DELETE FROM governance.classifications")
        conn.execute("DELETE FROM privacy.linked_tables")
        conn.execute("DELETE FROM privacy.owned_parents")
        conn.execute("DELETE FROM privacy.erasure_rules")
        conn.execute(SCHEMA_SQL)
        deferred = conn.execute(DEFERRED_DDL).fetchall()
        for drop, _ in deferred:
            conn.execute(drop)
        conn.execute("SELECT shop.populate(%s, %s)", (customers, RENTALS))
        phases["insert"] = time.perf_counter() - started
        # Indexes first, so that each foreign key's validation can use them.
        for _, create in sorted(deferred, key=lambda ddl: ddl[1].startswith("ALTER")):
            conn.execute(create)
        conn.execute("SELECT shop.configure_privacy()")
        phases["indexes and foreign keys"] = time.perf_counter() - started - phases["insert"]
    mark = time.perf_counter()
    conn.execute("VACUUM ANALYZE")
    phases["vacuum analyze"] = time.perf_counter() - mark
    phases["total"] = time.perf_counter() - started
    return phases


def _keys(customers: int, runs: int) -> tuple[Iterator[int], Iterator[int], Iterator[int]]:
    """Three disjoint sets of subjects spread over the whole table (every run touches cold
    pages as a real erasure would): baseline forgets, governed forgets, exports."""
    drawn = random.Random(customers).sample(range(1, customers + 1), 3 * (runs + 4))
    return iter(drawn[0::3]), iter(drawn[1::3]), iter(drawn[2::3])


def measure(dsn: str, customers: int, runs: int) -> list[Comparison]:
    with psycopg.connect(dsn, autocommit=True) as conn:
        phases = _fill(conn, customers)
        rows = conn.execute("SELECT sum(reltuples)::bigint FROM pg_class "
                            "WHERE relnamespace = 'shop'::regnamespace AND relkind = 'r'").fetchone()[0]
        size = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()[0]
        print(f"  {customers:,} customers, {rows:,} rows, {size}; fill: "
              + ", ".join(f"{phase} {took:.0f} s" for phase, took in phases.items()), file=sys.stderr)
        base_keys, gov_keys, export_keys = _keys(customers, runs)

        def forget_baseline() -> None:
            with conn.transaction():
                conn.execute(BASELINE_FORGET.format(k=int(next(base_keys))))

        def forget_governed() -> None:
            with conn.transaction():
                conn.execute("SELECT privacy.gdpr_forget(%s, 'customer')", (str(next(gov_keys)),))

        key = {"k": next(export_keys)}

        def export_baseline() -> None:
            conn.execute(BASELINE_EXPORT, {"k": key["k"]}).fetchone()

        def export_governed() -> None:
            # The same subject as the baseline just exported, then the next one. Both steps:
            # the disclosure's record commits (autocommit) before the export is served.
            conn.execute("SELECT privacy.request_export(%s, 'customer')", (str(key["k"]),))
            conn.execute("SELECT privacy.gdpr_export(%s, 'customer')", (str(key["k"]),)).fetchone()
            key["k"] = next(export_keys)

        warm_ups: tuple[Callable[[], None], ...] = (forget_baseline, forget_governed, export_baseline, export_governed)
        for warm_up in warm_ups * 3:
            warm_up()   # plans and catalog lookups cached, as in a running system
        return [compare(f"forget, {customers:,} subjects", forget_baseline, forget_governed, runs),
                compare(f"export, {customers:,} subjects", export_baseline, export_governed, runs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subjects", default="10000,100000",
                        help="comma-separated database sizes in subjects (default 10000,100000; the issue's target is at 1000000)")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    sizes = [int(size) for size in args.subjects.split(",")]

    print("load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()), file=sys.stderr)
    results: list[Comparison] = []
    with governed_database(SETTINGS) as dsn:
        for size in sizes:
            results.extend(measure(dsn, size, args.runs))
    print_table(f"Erasure and export per subject (~33 rows each), medians of {args.runs}: "
                "hand-written SQL vs gdpr_forget/gdpr_export", results)
    print("\nmilliseconds per subject (median): "
          + ", ".join(f"{r.name}: {statistics.median(r.governed) * 1000:.1f} ms" for r in results))
    print("load average at end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
