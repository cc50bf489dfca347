"""compliance: checks, waivers, snapshots."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psycopg.rows import class_row

from .base import API

SEVERITIES = ("low", "medium", "high", "critical")


@dataclass(frozen=True)
class CheckResult:
    """One row of compliance.run_checks."""

    framework: str
    control: str
    status: str  # pass, fail, warn, not_applicable, skipped
    severity: str  # low, medium, high, critical
    evidence: Any  # list of offending objects, or {"missing": ...} / {"missing_privileges": ...}
    remedy: str
    check_id: str
    title: str
    waiver: dict | None


class ComplianceAPI(API):
    def run_checks(self, framework: str | None = None) -> list[CheckResult]:
        with self.conn.cursor(row_factory=class_row(CheckResult)) as cur:
            return cur.execute("SELECT * FROM compliance.run_checks(%s)", (framework,)).fetchall()

    def snapshot(self) -> int:
        return self._value("SELECT compliance.snapshot()")

    def waive(self, check_id: str, reason: str, approved_by: str, expires_at: datetime) -> int:
        return self._value("SELECT compliance.waive(%s, %s, %s, %s)", (check_id, reason, approved_by, expires_at))
