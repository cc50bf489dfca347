"""What every wrapper mixin shares: the connection and one-value calls."""
from __future__ import annotations

from typing import Any

import psycopg


class API:
    def __init__(self, conn: psycopg.Connection):
        self.conn = conn

    def _value(self, query: str, params: tuple[Any, ...] | None = None) -> Any:
        return self.conn.execute(query, params).fetchone()[0]
