"""Plan and apply migrations, one transaction each, under an advisory lock."""
from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql

from . import __version__, preflight
from .errors import MigrationFailed, Refused
from .layout import SCHEMAS, Migration, discover
from .sqlsplit import Statement, split_statements

# pg_advisory_lock(int, int) keys: ('pgov', 1) is the installer's lock. Advisory locks are
# scoped to the database, so installs into two databases of one cluster do not wait.
LOCK_KEYS = (0x70676F76, 1)


@dataclass(frozen=True)
class Step:
    migration: Migration
    reason: str  # 'new' or 'changed'


@dataclass
class Plan:
    steps: list[Step] = field(default_factory=list)
    drift: list[str] = field(default_factory=list)  # applied versioned files edited since
    missing: list[str] = field(default_factory=list)  # applied files no longer shipped
    applied: dict[str, dict] = field(default_factory=dict)


Report = Callable[[str], None]


def to_stderr(line: str) -> None:
    """Progress goes to stderr, so that a piped stdout carries only the result."""
    print(line, file=sys.stderr, flush=True)


def applied_migrations(conn: psycopg.Connection) -> dict[str, dict]:
    if not conn.execute("SELECT pg_catalog.to_regclass('governance.migrations') IS NOT NULL").fetchone()[0]:
        return {}
    rows = conn.execute(
        "SELECT name, kind, version, checksum, applied_at, package_version FROM governance.migrations"
    ).fetchall()
    return {r[0]: {"kind": r[1], "version": r[2], "checksum": r[3], "applied_at": r[4], "package_version": r[5]} for r in rows}


def make_plan(conn: psycopg.Connection, migrations: list[Migration]) -> Plan:
    plan = Plan(applied=applied_migrations(conn))
    shipped = {m.name for m in migrations}
    for m in migrations:
        recorded = plan.applied.get(m.name)
        if recorded is None:
            plan.steps.append(Step(m, "new"))
        elif recorded["checksum"] != m.checksum:
            if m.kind == "versioned":
                plan.drift.append(m.name)
            else:
                plan.steps.append(Step(m, "changed"))
    plan.missing = sorted(name for name in plan.applied if name not in shipped)
    return plan


def apply(
    conn: psycopg.Connection,
    root: Path | None = None,
    dry_run: bool = False,
    report: Report = to_stderr,
) -> Plan:
    """Bring the database up to date. Raises Refused (nothing changed) or MigrationFailed."""
    migrations = discover(root)
    conn.autocommit = True
    if dry_run:
        return _check_and_plan(conn, migrations)
    conn.execute("SELECT pg_catalog.pg_advisory_lock(%s, %s)", LOCK_KEYS)
    try:
        # Planned only once the lock is held: an installer that waited sees what the
        # one before it applied.
        plan = _check_and_plan(conn, migrations)
        if preflight.CORE_MIGRATION not in plan.applied:
            for warning in preflight.owner_warnings(conn):
                report(f"Warning: {warning}")
        for index, step in enumerate(plan.steps, start=1):
            report(f"[{index}/{len(plan.steps)}] {step.migration.name} ({step.reason})")
            _apply_one(conn, step.migration)
        _record_version(conn)
        return plan
    finally:
        conn.execute("SELECT pg_catalog.pg_advisory_unlock(%s, %s)", LOCK_KEYS)


def _check_and_plan(conn: psycopg.Connection, migrations: list[Migration]) -> Plan:
    plan = make_plan(conn, migrations)
    problems = preflight.problems(conn, plan.applied)
    if plan.drift:
        problems.append(
            "applied migrations were edited afterwards (versioned files must never change; "
            "add a new migration instead): " + ", ".join(plan.drift)
        )
    if problems:
        raise Refused(problems)
    return plan


def _apply_one(conn: psycopg.Connection, migration: Migration) -> None:
    started = time.monotonic()
    with conn.transaction():
        # Unqualified names fail on this search_path, so every migration is forced to
        # schema-qualify; bodies of SQL functions are checked when called, as pg_dump does.
        conn.execute("SET LOCAL search_path = pg_catalog, pg_temp")
        conn.execute("SET LOCAL check_function_bodies = off")
        conn.execute("SET LOCAL client_min_messages = warning")
        for statement in split_statements(migration.sql):
            try:
                conn.execute(statement.text)
            except psycopg.Error as exc:
                raise MigrationFailed(migration.name, _error_line(statement, exc), exc) from exc
        _revoke_public_execute(conn)
        conn.execute(
            """
            INSERT INTO governance.migrations (name, kind, version, checksum, duration_ms, package_version)
            VALUES (%s, %s, %s, %s, %s, %s)
            ON CONFLICT (name) DO UPDATE
               SET checksum = EXCLUDED.checksum, applied_at = EXCLUDED.applied_at,
                   applied_by = EXCLUDED.applied_by, duration_ms = EXCLUDED.duration_ms,
                   package_version = EXCLUDED.package_version
            """,
            (migration.name, migration.kind, migration.version, migration.checksum,
             int((time.monotonic() - started) * 1000), __version__),
        )


def _revoke_public_execute(conn: psycopg.Connection) -> None:
    """Governance functions are never executable by PUBLIC, whatever a file forgot.

    ALTER DEFAULT PRIVILEGES cannot do this per schema (PostgreSQL only lets per-schema
    defaults add to the global ones), and changing the installing role's global defaults
    would touch its functions outside governance. So every migration ends with this,
    inside its own transaction: no new function is ever visible with PUBLIC EXECUTE.
    """
    existing = [row[0] for row in conn.execute(
        "SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname = ANY(%s)", (list(SCHEMAS),))]
    if existing:
        conn.execute(sql.SQL("REVOKE EXECUTE ON ALL ROUTINES IN SCHEMA {} FROM PUBLIC").format(
            sql.SQL(", ").join(map(sql.Identifier, existing))))


def _error_line(statement: Statement, exc: psycopg.Error) -> int:
    position = exc.diag.statement_position
    if position:
        return statement.line + statement.text.count("\n", 0, int(position) - 1)
    return statement.line


def _record_version(conn: psycopg.Connection) -> None:
    conn.execute(
        """
        INSERT INTO governance.installation (version) VALUES (%s)
        ON CONFLICT (singleton) DO UPDATE SET version = EXCLUDED.version, upgraded_at = pg_catalog.now()
         WHERE governance.installation.version IS DISTINCT FROM EXCLUDED.version
        """,
        (__version__,),
    )
