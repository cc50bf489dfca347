"""Compliance scan cost: `python -m bench.compliance`.

Compliance checks add nothing to user workloads (no triggers, no policies); their cost
is the scan itself. The baseline reads the same catalogs once, directly (classified
columns with their tables, ACLs, foreign keys, indexes and functions): what a hand-written
monitoring query would pay. The governed side runs every registered check.
"""
from __future__ import annotations

import psycopg

from bench.common import compare, governed_database, print_table

TABLES = 1000

BASELINE = """
SELECT count(*) FROM governance.classifications g
  JOIN pg_catalog.pg_class c ON c.oid = g.table_name
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attname = g.column_name
  LEFT JOIN pg_catalog.pg_constraint k ON k.conrelid = c.oid AND k.contype = 'f'
  LEFT JOIN pg_catalog.pg_index i ON i.indrelid = c.oid
 UNION ALL SELECT count(*) FROM pg_catalog.pg_proc WHERE prosecdef
 UNION ALL SELECT count(*) FROM pg_catalog.pg_roles WHERE rolsuper
"""


def populate(conn: psycopg.Connection) -> None:
    """TABLES subject tables, each with an unindexed child, personal columns classified."""
    conn.execute(f"""
        DO $$
        BEGIN
            FOR i IN 1..{TABLES} LOOP
                EXECUTE format('CREATE TABLE public.p%s (id int PRIMARY KEY, email text, diagnosis text, tenant_id text)', i);
                EXECUTE format('CREATE TABLE public.c%s (id int PRIMARY KEY, p_id int REFERENCES public.p%s)', i, i);
                PERFORM governance.classify(format('public.p%s', i)::regclass, 'email', 'contact');
                PERFORM governance.classify(format('public.p%s', i)::regclass, 'diagnosis', 'health', 'restricted');
            END LOOP;
        END $$""")
    conn.commit()


def main() -> None:
    with governed_database() as dsn, psycopg.connect(dsn, autocommit=True) as conn:
        empty = compare("run_checks, empty catalog", lambda: conn.execute(BASELINE).fetchall(),
                        lambda: conn.execute("SELECT * FROM compliance.run_checks()").fetchall(), runs=7)
        conn.autocommit = False
        populate(conn)
        conn.autocommit = True
        rows = [
            empty,
            compare(f"run_checks, {TABLES * 2} tables", lambda: conn.execute(BASELINE).fetchall(),
                    lambda: conn.execute("SELECT * FROM compliance.run_checks()").fetchall(), runs=7),
            compare(f"snapshot, {TABLES * 2} tables", lambda: conn.execute(BASELINE).fetchall(),
                    lambda: conn.execute("SELECT compliance.snapshot()").fetchall(), runs=7),
        ]
    print_table("compliance scan: all checks against one direct catalog read (baseline)", rows)


if __name__ == "__main__":
    main()
