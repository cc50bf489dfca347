"""Dynamic masking, k-anonymity and l-diversity, and retention of application data."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from installer.api.base import API, jsonb


class MaskingAPI(API):
    def set_masking_default(self, category: str, rule: str, params: dict[str, Any] | None = None) -> None:
        self.conn.execute("SELECT privacy.set_masking_default(%s, %s, %s)", (category, rule, jsonb(params or {})))

    def set_masking_rule(self, table: str, column: str, rule: str, params: dict[str, Any] | None = None) -> None:
        self.conn.execute("SELECT privacy.set_masking_rule(%s::regclass, %s, %s, %s)",
                          (table, column, rule, jsonb(params or {})))

    def drop_masking_rule(self, table: str, column: str) -> None:
        self.conn.execute("SELECT privacy.drop_masking_rule(%s::regclass, %s)", (table, column))

    def masked_columns(self, table: str, for_dump: bool = False) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM privacy.masked_columns(%s::regclass, %s)", (table, for_dump))

    def create_masked_view(self, table: str) -> str:
        return self._value("SELECT privacy.create_masked_view(%s::regclass)::text", (table,))

    def refresh_masked_views(self, table: str | None = None) -> int:
        return self._value("SELECT privacy.refresh_masked_views(%s::regclass)", (table,))

    def grant_masked(self, table: str, role: str) -> str:
        return self._value("SELECT privacy.grant_masked(%s::regclass, %s)::text", (table, role))

    def revoke_masked(self, table: str, role: str) -> None:
        self.conn.execute("SELECT privacy.revoke_masked(%s::regclass, %s)", (table, role))

    def grant_unmasked(self, role: str, category: str) -> None:
        self.conn.execute("SELECT privacy.grant_unmasked(%s, %s)", (role, category))

    def revoke_unmasked(self, role: str, category: str) -> None:
        self.conn.execute("SELECT privacy.revoke_unmasked(%s, %s)", (role, category))

    def masking_status(self) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM privacy.masking_status()")

    def clear_paths(self, table: str, role: str | None = None) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT privacy.clear_paths(%s::regclass, %s)", (table, role))]

    def k_anonymity(self, table: str, quasi_identifiers: list[str], k: int | None = None) -> dict[str, Any]:
        return self._value("SELECT privacy.k_anonymity(%s::regclass, %s::name[], %s)", (table, quasi_identifiers, k))

    def l_diversity(self, table: str, quasi_identifiers: list[str], sensitive: str,
                    l: int | None = None) -> dict[str, Any]:  # noqa: E741 (the measure's name)
        return self._value("SELECT privacy.l_diversity(%s::regclass, %s::name[], %s, %s)",
                           (table, quasi_identifiers, sensitive, l))

    def set_retention(self, table: str, time_column: str, keep_for: str | timedelta, action: str, reason: str) -> None:
        self.conn.execute("SELECT privacy.set_retention(%s::regclass, %s, %s::interval, %s, %s)",
                          (table, time_column, keep_for, action, reason))

    def drop_retention(self, table: str) -> None:
        self.conn.execute("SELECT privacy.drop_retention(%s::regclass)", (table,))

    def apply_retention(self, table: str, batch_size: int = 10000,
                        lock_timeout: str | timedelta = "2 seconds") -> dict[str, Any]:
        """One batch, in the connection's transaction; call again (a transaction each) until result['done']."""
        return self._value("SELECT privacy.apply_retention(%s::regclass, %s, %s::interval)",
                           (table, batch_size, lock_timeout))

    def retention_plan(self, table: str | None = None) -> list[dict[str, Any]]:
        return self._rows("SELECT table_name, action, keep_for::text AS keep_for, cutoff, due, held, legal_hold, children "
                          "FROM privacy.retention_plan(%s::regclass)", (table,))

    def retention_status(self) -> list[dict[str, Any]]:
        return self._rows("SELECT table_name, action, keep_for::text AS keep_for, overdue, problem "
                          "FROM privacy.retention_status()")
