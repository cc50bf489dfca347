"""compliance: checks, waivers, snapshots."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from psycopg.rows import class_row

from installer.api.base import API

SEVERITIES = ("low", "medium", "high", "critical")


@dataclass(frozen=True)
class Anomaly:
    """One row of compliance.activity_anomalies."""

    actor: str
    current_count: int
    baseline_median: float
    baseline_mad: float
    score: float


@dataclass(frozen=True)
class CheckResult:
    """One row of compliance.run_checks."""

    framework: str
    control: str
    status: str  # pass, fail, warn, not_applicable, skipped
    severity: str  # low, medium, high, critical
    evidence: Any  # list of offending objects, or {"missing": ...} / {"missing_privileges": ...} / {"permission_denied": ...}
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

    def activity_anomalies(self, source: str, since: timedelta = timedelta(hours=1),
                           baseline: timedelta = timedelta(days=14), threshold: float = 3.5, min_events: int = 10,
                           actor_column: str = "actor", time_column: str = "occurred_at",
                           table_column: str | None = None) -> list[Anomaly]:
        with self.conn.cursor(row_factory=class_row(Anomaly)) as cur:
            return cur.execute(
                "SELECT * FROM compliance.activity_anomalies(%s::regclass, %s, %s, %s, %s, %s, %s, %s)",
                (source, since, baseline, threshold, min_events, actor_column, time_column, table_column)).fetchall()

    def register_check(self, id: str, framework: str, control: str, severity: str, title: str, description: str,
                       remedy: str, query: str, on_finding: str = "fail", requires_relations: list[str] | None = None,
                       requires_functions: list[str] | None = None,
                       requires_privileges: list[str] | None = None) -> None:
        self.conn.execute(
            "SELECT compliance.register_check(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s::text[], %s::text[], %s::text[])",
            (id, framework, control, severity, title, description, remedy, query, on_finding,
             requires_relations or [], requires_functions or [], requires_privileges or []))
