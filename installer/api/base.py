"""What every wrapper mixin shares: the connection, one-value and row calls, JSON and table arguments.

Errors are psycopg's: each carries the server's SQLSTATE (exc.diag.sqlstate), message and hint.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, Union

import psycopg
from psycopg import sql
from psycopg.pq import TransactionStatus
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

    def _committed_value(self, query: Query, params: tuple[Any, ...] | None = None,
                         before: Callable[[], None] | None = None) -> Any:
        """The value of a statement committed on its own, before anything else runs.

        For the first step of reads that leave a durable record (privacy.request_phi_access,
        privacy.request_export): the server serves data only under a grant whose transaction
        has committed. Inside an open transaction committing would commit the caller's work
        too, so that is refused.
        """
        if not self.conn.autocommit and self.conn.info.transaction_status != TransactionStatus.IDLE:
            raise psycopg.ProgrammingError(
                "this read is recorded in a transaction of its own, committed before the data is read: "
                "call it outside a transaction (commit or roll back first), or on an autocommit connection")
        with self.conn.transaction():
            if before is not None:
                before()   # what the step's own transaction needs first (the session context)
            return self._value(query, params)

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
