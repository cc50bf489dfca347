"""Typed Python wrappers: one method per public SQL function, no logic of their own."""
from __future__ import annotations

from typing import Any

import psycopg


class Governance:
    """Calls pg-governance's SQL API on an open psycopg connection.

    The methods run in the connection's current transaction: context set with
    set_context() lasts until that transaction ends, as in SQL.
    """

    def __init__(self, conn: psycopg.Connection):
        self.conn = conn

    def _value(self, query: str, params: tuple[Any, ...] = ()) -> Any:
        return self.conn.execute(query, params).fetchone()[0]

    def version(self) -> str | None:
        return self._value("SELECT governance.version()")

    def set_context(self, actor: str, tenant: str | None = None, roles: list[str] | None = None,
                    purpose: str | None = None) -> None:
        self.conn.execute("SELECT governance.set_context(%s, %s, %s::text[], %s)", (actor, tenant, roles, purpose))

    def current_actor(self) -> str:
        return self._value("SELECT governance.current_actor()")

    def current_tenant(self) -> str | None:
        return self._value("SELECT governance.current_tenant()")

    def current_purpose(self) -> str | None:
        return self._value("SELECT governance.current_purpose()")

    def current_roles(self) -> list[str] | None:
        return self._value("SELECT governance.current_roles()")
