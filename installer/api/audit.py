"""audit: change capture, application events, the hash chain, retention."""
from __future__ import annotations

import datetime
from typing import Any

from psycopg.types.json import Jsonb

from .base import API

Problem = tuple[str, int | None, int | None, int | None, str]


class AuditAPI(API):
    def audit_enable(self, table: str, exclude_columns: list[str] | None = None) -> None:
        self.conn.execute("SELECT audit.enable(%s::regclass, %s::name[])", (table, exclude_columns))

    def audit_disable(self, table: str) -> bool:
        return self._value("SELECT audit.disable(%s::regclass)", (table,))

    def audit_refresh(self, table: str) -> None:
        self.conn.execute("SELECT audit.refresh(%s::regclass)", (table,))

    def log_event(self, event_type: str, action: str | None = None, resource_type: str | None = None,
                  resource_id: str | None = None, details: dict[str, Any] | None = None, success: bool = True,
                  duration_ms: int | None = None) -> int:
        return self._value("SELECT audit.log_event(%s, %s, %s, %s, %s, %s, %s)",
                           (event_type, action, resource_type, resource_id,
                            None if details is None else Jsonb(details), success, duration_ms))

    def audit_summary(self, since: datetime.datetime,
                      until: datetime.datetime | None = None) -> list[tuple[Any, ...]]:
        if until is None:
            return self.conn.execute("SELECT * FROM audit.summary(%s)", (since,)).fetchall()
        return self.conn.execute("SELECT * FROM audit.summary(%s, %s)", (since, until)).fetchall()

    def verify_chain(self, since: datetime.datetime | None = None, checkpoint_seq: int | None = None,
                     checkpoint_hash: str | None = None) -> list[Problem]:
        return self.conn.execute("SELECT * FROM audit.verify_chain(%s, %s, %s)",
                                 (since, checkpoint_seq, checkpoint_hash)).fetchall()

    def audit_seal(self) -> int:
        return self._value("SELECT audit.seal()")

    def audit_checkpoint(self) -> tuple[int, str, datetime.datetime | None]:
        return self.conn.execute("SELECT * FROM audit.checkpoint()").fetchone()

    def audit_redact(self, table: str, row_key: dict[str, Any] | list[dict[str, Any]], reason: str) -> int:
        return self._value("SELECT audit.redact(%s::regclass, %s, %s)", (table, Jsonb(row_key), reason))

    def audit_add_partitions(self, months_ahead: int = 3) -> int:
        return self._value("SELECT audit.add_partitions(%s)", (months_ahead,))

    def audit_purge(self, before: datetime.datetime) -> dict[str, Any]:
        return self._value("SELECT audit.purge(%s)", (before,))

    def configure_pgaudit(self, audit_role: str = "governance_pgaudit") -> dict[str, Any]:
        return self._value("SELECT audit.configure_pgaudit(%s)", (audit_role,))
