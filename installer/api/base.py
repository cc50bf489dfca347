"""What every wrapper mixin shares: the connection, one-value and row calls, JSON and table arguments.

Errors are psycopg's: each carries the server's SQLSTATE (exc.diag.sqlstate), message and hint.
"""
from __future__ import annotations

from typing import Any, TypeVar, Union

import psycopg
from psycopg import sql
from psycopg.rows import class_row, dict_row
from psycopg.types.json import Jsonb

Query = Union[str, sql.Composed]  # a runtime alias: Union keeps Python 3.9 working
Row = TypeVar("Row")


def jsonb(value: Any) -> Jsonb | None:
    """A jsonb parameter; None stays SQL NULL (not the JSON null)."""
    return None if value is None else Jsonb(value)


class API:
    def __init__(self, conn: psycopg.Connection):
        self.conn = conn

    def _value(self, query: Query, params: tuple[Any, ...] | None = None) -> Any:
        return self.conn.execute(query, params).fetchone()[0]

    def _rows(self, query: Query, params: tuple[Any, ...] | None = None) -> list[dict[str, Any]]:
        with self.conn.cursor(row_factory=dict_row) as cursor:
            return cursor.execute(query, params).fetchall()

    def _typed_rows(self, row_type: type[Row], query: Query, params: tuple[Any, ...] | None = None) -> list[Row]:
        """Rows as row_type (a NamedTuple or dataclass whose fields are the columns, in order)."""
        with self.conn.cursor(row_factory=class_row(row_type)) as cursor:
            return cursor.execute(query, params).fetchall()

    def _relation(self, table: str) -> sql.Composable:
        """A table named as SQL would (schema-qualified, quoted as needed) for a query's text.

        The server resolves it (regclass) and prints it back quoted, so the text that goes
        into the query is the catalog's own spelling, never the caller's.
        """
        return sql.SQL(self._value("SELECT %s::regclass::text", (table,)))
