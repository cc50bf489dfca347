"""dump --masked against plain pg_dump of the same data (rows/s).

    python -m bench.masking [--customers N] [--runs R]

Two tables: customers (id, e-mail unique, name, card, birth date, postcode) and orders
(twice as many, with a foreign key on the customer's e-mail), every personal column
classified. Both dumps write plain SQL of the two tables to a file; runs alternate.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile

import psycopg

from bench.common import compare, governed_database
from installer.engine.masked_dump import write_masked_dump

SCHEMA = """
    CREATE SCHEMA shop;
    CREATE TABLE shop.customers (id int PRIMARY KEY, email text UNIQUE NOT NULL, name text, card text,
                                 birth_date date, postcode text);
    CREATE TABLE shop.orders (id bigint PRIMARY KEY, email text NOT NULL REFERENCES shop.customers (email),
                              total numeric, note text);
    INSERT INTO shop.customers SELECT g, 'user' || g || '@example.com', 'Name ' || g, lpad(g::text, 16, '4'),
                                      date '1950-01-01' + g % 20000, lpad((g % 99999)::text, 5, '0')
                                 FROM generate_series(1, %(n)s) g;
    INSERT INTO shop.orders SELECT g, 'user' || (1 + g % %(n)s) || '@example.com', g % 1000, 'note ' || g
                              FROM generate_series(1, 2 * %(n)s) g;
    CREATE INDEX ON shop.orders (email);
    SELECT governance.classify('shop.customers', 'id', 'direct_identifier');
    SELECT governance.classify('shop.customers', 'email', 'contact');
    SELECT governance.classify('shop.customers', 'name', 'direct_identifier');
    SELECT governance.classify('shop.customers', 'card', 'financial');
    SELECT governance.classify('shop.customers', 'birth_date', 'quasi_identifier');
    SELECT governance.classify('shop.customers', 'postcode', 'quasi_identifier');
    SELECT governance.classify('shop.orders', 'note', 'free_text');
    ANALYZE;
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    pg_dump = shutil.which("pg_dump")
    rows = 3 * args.customers
    with governed_database() as dsn, tempfile.TemporaryDirectory() as tmp:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(SCHEMA.replace("%(n)s", str(args.customers)))
        target = os.path.join(tmp, "out.sql")

        def plain() -> None:
            subprocess.run([pg_dump, "--schema", "shop", "--no-owner", "--no-privileges", "-f", target, dsn], check=True)

        def masked() -> None:
            with psycopg.connect(dsn) as conn, open(target, "wb") as output, open(os.devnull, "w") as quiet:
                write_masked_dump(conn, dsn, output, pg_dump, ["shop"], progress=quiet)

        result = compare("dump", plain, masked, runs=args.runs)
    plain_s, masked_s = statistics.median(result.baseline), statistics.median(result.governed)
    print(f"\n{args.customers:,} customers + {2 * args.customers:,} orders ({rows:,} rows), medians of {args.runs}")
    print(f"{'':24} {'seconds':>8} {'rows/s':>10}")
    print(f"{'pg_dump (plain)':24} {plain_s:8.2f} {rows / plain_s:10,.0f}")
    print(f"{'dump --masked':24} {masked_s:8.2f} {rows / masked_s:10,.0f}   ({result.ratio:.1f}x)")


if __name__ == "__main__":
    main()
