"""The realistic shop schema of pgtap/helpers/erasure_schema.sql, for pytest."""
from __future__ import annotations

import psycopg
from conftest import REPO

SCHEMA_SQL = (REPO / "pgtap" / "helpers" / "erasure_schema.sql").read_text()


def create_shop(dsn: str, customers: int = 20, rentals: int = 3) -> None:
    with psycopg.connect(dsn) as conn:
        conn.execute(SCHEMA_SQL)
        conn.execute("SELECT shop.populate(%s, %s)", (customers, rentals))
        conn.execute("SELECT shop.configure_privacy()")
