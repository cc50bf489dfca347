"""audit: change capture, application events, the hash chain, retention."""
from __future__ import annotations

import datetime
from typing import Any, NamedTuple

from psycopg.types.json import Jsonb

from installer.api.base import API, jsonb


class ChainProblem(NamedTuple):
    """One row of audit.verify_chain."""
    kind: str
    seq: int | None
    txid: int | None
    row_id: int | None
    detail: str


class Checkpoint(NamedTuple):
    """audit.checkpoint(): the chain head to keep outside the database."""
    seq: int
    hash: str
    sealed_at: datetime.datetime | None


class SummaryRow(NamedTuple):
    """One row of audit.summary; scope 'all', 'table' or 'event_type'."""
    scope: str
    name: str
    total: int
    failures: int
    distinct_actors: int
    first_at: datetime.datetime | None  # None when total is 0
    last_at: datetime.datetime | None


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
                            jsonb(details), success, duration_ms))

    def audit_summary(self, since: datetime.datetime, until: datetime.datetime | None = None) -> list[SummaryRow]:
        if until is None:  # the SQL default (now()), not NULL
            return self._typed_rows(SummaryRow, "SELECT * FROM audit.summary(%s)", (since,))
        return self._typed_rows(SummaryRow, "SELECT * FROM audit.summary(%s, %s)", (since, until))

    def verify_chain(self, since: datetime.datetime | None = None, checkpoint_seq: int | None = None,
                     checkpoint_hash: str | None = None) -> list[ChainProblem]:
        return self._typed_rows(ChainProblem, "SELECT * FROM audit.verify_chain(%s, %s, %s)",
                                (since, checkpoint_seq, checkpoint_hash))

    def audit_seal(self) -> int:
        return self._value("SELECT audit.seal()")

    def audit_checkpoint(self) -> Checkpoint:
        return self._typed_rows(Checkpoint, "SELECT * FROM audit.checkpoint()")[0]

    def audit_redact(self, table: str, row_key: dict[str, Any] | list[dict[str, Any]], reason: str) -> int:
        return self._value("SELECT audit.redact(%s::regclass, %s, %s)", (table, Jsonb(row_key), reason))

    def audit_add_partitions(self, months_ahead: int = 3) -> int:
        return self._value("SELECT audit.add_partitions(%s)", (months_ahead,))

    def audit_purge(self, before: datetime.datetime) -> dict[str, Any]:
        return self._value("SELECT audit.purge(%s)", (before,))

    def configure_pgaudit(self, audit_role: str = "governance_pgaudit") -> dict[str, Any]:
        return self._value("SELECT audit.configure_pgaudit(%s)", (audit_role,))
