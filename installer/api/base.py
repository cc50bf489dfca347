"""What every wrapper mixin shares: the connection and one-value calls."""
from __future__ import annotations

from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row


class API:
    def __init__(self, conn: psycopg.Connection):
        self.conn = conn

    def _value(self, query: str, params: tuple[Any, ...] | None = None) -> Any:
        return self.conn.execute(query, params).fetchone()[0]

    def _rows(self, query: str | sql.Composed, params: tuple[Any, ...] | None = None) -> list[dict[str, Any]]:
        with self.conn.cursor(row_factory=dict_row) as cursor:
            return cursor.execute(query, params).fetchall()
