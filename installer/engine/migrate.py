"""Plan and apply migrations, all in one transaction, under an advisory lock."""
from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql

from installer import __version__
from installer.engine import preflight
from installer.engine.errors import MigrationFailed, Refused
from installer.engine.layout import SCHEMAS, Migration, discover
from installer.engine.sqlsplit import Statement, split_statements

# pg_advisory_lock(int, int) keys: ('pgov', 1) is the installer's lock. Advisory locks are
# scoped to the database, so installs into two databases of one cluster do not wait.
LOCK_KEYS = (0x70676F76, 1)
# How long an upgrade waits for transactions that use the pack (seconds; 0: no limit).
# Sessions that want the pack queue behind the waiting installer, so the wait is bounded.
DEFAULT_LOCK_TIMEOUT = 10.0


@dataclass(frozen=True)
class Step:
    migration: Migration
    reason: str  # 'new', 'changed', or 'regenerated' (a generator, run again with any change)


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
    # A run that changes anything runs the generators again: what they make depends on
    # functions and tables that may have just changed.
    if plan.steps:
        planned = {step.migration.name for step in plan.steps}
        plan.steps.extend(Step(m, "regenerated") for m in migrations
                          if m.stage == "generated" and m.name not in planned)
        order = {m.name: i for i, m in enumerate(migrations)}
        plan.steps.sort(key=lambda step: order[step.migration.name])
    plan.missing = sorted(name for name in plan.applied if name not in shipped)
    return plan


def apply(
    conn: psycopg.Connection,
    root: Path | None = None,
    dry_run: bool = False,
    report: Report = to_stderr,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> Plan:
    """Bring the database up to date. Raises Refused or MigrationFailed, nothing changed.

    Every pending migration runs in one transaction: other sessions see the release that
    was installed or the new one, never a mix of both (functions of the new release
    calling tables of the old one), and a failure leaves the database as it was.
    """
    migrations = discover(root)
    conn.autocommit = True
    newer = preflight.version_warning(conn.info.server_version)
    if newer:
        report(f"Warning: {newer}")
    if dry_run:
        return _check_and_plan(conn, migrations)
    conn.execute("SELECT pg_catalog.pg_advisory_lock(%s, %s)", LOCK_KEYS)
    try:
        # Planned only once the lock is held: an installer that waited sees what the
        # one before it applied.
        plan = _check_and_plan(conn, migrations)
        if preflight.CORE_MIGRATION not in plan.applied:
            for warning in preflight.install_warnings(conn):
                report(f"Warning: {warning}")
        try:
            _run_in_one_transaction(conn, plan, report, lock_timeout)
        except psycopg.errors.LockNotAvailable:
            raise Refused(_lock_holders(conn, lock_timeout)) from None
        return plan
    finally:
        conn.execute("SELECT pg_catalog.pg_advisory_unlock(%s, %s)", LOCK_KEYS)


def _run_in_one_transaction(conn: psycopg.Connection, plan: Plan, report: Report, lock_timeout: float) -> None:
    """Sends the run's statements pipelined: one round trip per module, not per statement.

    A server 20 ms away made the statement-by-statement run (about 2,500 round trips) last
    50 s, with the pack's tables locked during an upgrade. The statements are still sent
    one by one (extended protocol, each its own result), so a failure still names the
    statement that failed; the transaction, the lock and the order are those of a run
    that waits for each result. One sync per module keeps the progress display honest.
    """
    pending: list[tuple[Migration, Statement, psycopg.Cursor]] = []
    with conn.pipeline() as pipeline, conn.transaction():
        conn.execute("SELECT pg_catalog.set_config('lock_timeout', %s, true)",
                     (f"{round(lock_timeout * 1000)}ms",))
        if plan.steps:
            _hold_the_pack(conn)
        for _module, steps in _by_module(plan.steps):
            # psycopg reads the results that have arrived while it sends: a failure may
            # surface at any execute of the batch, not only at its sync.
            try:
                for index, step in steps:
                    report(f"[{index}/{len(plan.steps)}] {step.migration.name} ({step.reason})")
                    _queue_one(conn, step.migration, pending)
                pipeline.sync()
            except psycopg.errors.LockNotAvailable:
                raise  # not the file's fault: apply says who holds the lock
            except psycopg.Error as exc:
                raise _failure(pending, exc) from exc
            pending.clear()
        if plan.steps:
            _revoke_public_execute(conn)
        # Also with nothing to apply: a run restores what someone turned off since.
        _owner_writes_only(conn)
        _record_version(conn)


def _by_module(steps: list[Step]) -> list[tuple[str, list[tuple[int, Step]]]]:
    groups: dict[str, list[tuple[int, Step]]] = {}
    for index, step in enumerate(steps, start=1):
        groups.setdefault(step.migration.name.split("/", 1)[0], []).append((index, step))
    return list(groups.items())


def _hold_the_pack(conn: psycopg.Connection) -> None:
    """Waits for the transactions that use the pack, and holds new ones until commit.

    A session keeps state made by the release its transaction started with: the context
    sealed by set_context, the keys unlock put in its keyring, the audit link it opened.
    The new release's code may misread it (a seal it takes for forged, keys it does not
    find), so no transaction may run partly on each release. Every such transaction has
    read one of the pack's tables: an ACCESS EXCLUSIVE lock on all of them waits for those
    in progress and makes new ones wait for the commit. governance.context_key comes
    first: most transactions start by reading it (set_context), and a transaction that
    waits there holds no lock the installer could need later. Done server-side, so that
    listing the tables costs no round trip of its own.
    """
    conn.execute(sql.SQL(
        """
        DO $hold$
        DECLARE
            tables text;
        BEGIN
            SELECT pg_catalog.string_agg(pg_catalog.format('%I.%I', n.nspname, c.relname), ', '
                       ORDER BY (n.nspname, c.relname) <> ('governance', 'context_key'), n.nspname, c.relname)
              INTO tables
              FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ANY({schemas}) AND c.relkind IN ('r', 'p') AND NOT c.relispartition;
            IF tables IS NOT NULL THEN
                EXECUTE 'LOCK TABLE ' || tables || ' IN ACCESS EXCLUSIVE MODE';
            END IF;
        END
        $hold$
        """).format(schemas=sql.Literal(list(SCHEMAS))), prepare=False)


def _lock_holders(conn: psycopg.Connection, lock_timeout: float) -> list[str]:
    """Why apply gave up waiting for a lock, and the sessions that hold the pack's tables."""
    holders = conn.execute(
        """
        SELECT a.pid, a.usename, a.application_name, a.state, a.xact_start, a.query
          FROM pg_catalog.pg_stat_activity a
         WHERE a.pid IN (SELECT l.pid FROM pg_catalog.pg_locks l
                           JOIN pg_catalog.pg_class c ON c.oid = l.relation
                           JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                          WHERE l.granted AND l.database = (SELECT d.oid FROM pg_catalog.pg_database d
                                                             WHERE d.datname = pg_catalog.current_database())
                            AND n.nspname = ANY(%s) AND l.pid <> pg_catalog.pg_backend_pid())
         ORDER BY a.xact_start NULLS LAST, a.pid
        """, (list(SCHEMAS),)).fetchall()
    problems = [f"Other transactions held pg-governance's tables for longer than the lock timeout "
                f"({lock_timeout:g} s). The upgrade takes them all, briefly, so that no transaction runs "
                "partly on the installed release and partly on the new one."]
    for pid, user, application, state, since, query in holders:
        if state is None:  # another role's session: its details need pg_read_all_stats
            problems.append(f"pid {pid} (user {user}) holds one of them")
        else:
            text = " ".join((query or "").split())
            problems.append(f"pid {pid} (user {user}, application {application!r}): {state} since "
                            f"{since:%Y-%m-%d %H:%M:%S%z}; last statement: {text[:100]}")
    problems.append("Let them finish (or end them: SELECT pg_terminate_backend(<pid>);) and run apply again; "
                    "--lock-timeout 0 waits as long as it takes, while sessions that use the pack wait too.")
    return problems


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


def _queue_one(conn: psycopg.Connection, migration: Migration,
               pending: list[tuple[Migration, Statement, psycopg.Cursor]]) -> None:
    # Unqualified names fail on this search_path, so every migration is forced to
    # schema-qualify; bodies of SQL functions are checked when called, as pg_dump does.
    # Set again for each file: a file that SETs LOCAL one of these must not change it for the next.
    # The file's start time is kept server-side: the client never waits for a file alone.
    conn.execute("SELECT pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true), "
                 "pg_catalog.set_config('check_function_bodies', 'off', true), "
                 "pg_catalog.set_config('client_min_messages', 'warning', true), "
                 "pg_catalog.set_config('pg_governance.file_started', pg_catalog.clock_timestamp()::text, true)",
                 prepare=False)
    for statement in split_statements(migration.sql):
        pending.append((migration, statement, conn.execute(statement.text, prepare=False)))
    conn.execute(
        """
        INSERT INTO governance.migrations (name, kind, version, checksum, duration_ms, package_version)
        VALUES (%s, %s, %s, %s,
                (extract(epoch FROM pg_catalog.clock_timestamp()
                         - pg_catalog.current_setting('pg_governance.file_started')::timestamptz) * 1000)::int,
                %s)
        ON CONFLICT (name) DO UPDATE
           SET checksum = EXCLUDED.checksum, applied_at = EXCLUDED.applied_at,
               applied_by = EXCLUDED.applied_by, duration_ms = EXCLUDED.duration_ms,
               package_version = EXCLUDED.package_version
        """,
        (migration.name, migration.kind, migration.version, migration.checksum, __version__),
    )


def _failure(pending: list[tuple[Migration, Statement, psycopg.Cursor]], exc: psycopg.Error) -> MigrationFailed:
    """The statement that failed: the first one of the batch without a result."""
    for migration, statement, cursor in pending:
        if cursor.pgresult is None:
            return MigrationFailed(migration.name, _error_line(statement, exc), exc)
    # The per-file bookkeeping failed (a file dropped governance.migrations?): name the last file.
    migration, statement, _ = pending[-1]
    return MigrationFailed(migration.name, statement.line, exc)


def _revoke_public_execute(conn: psycopg.Connection) -> None:
    """Governance functions are never executable by PUBLIC, whatever a file forgot.

    ALTER DEFAULT PRIVILEGES cannot do this per schema (PostgreSQL only lets per-schema
    defaults add to the global ones), and changing the installing role's global defaults
    would touch its functions outside governance. So every run ends with this, inside its
    transaction: no new function is ever visible with PUBLIC EXECUTE.
    """
    conn.execute(sql.SQL(
        """
        DO $revoke$
        DECLARE
            schemas text;
        BEGIN
            SELECT pg_catalog.string_agg(pg_catalog.quote_ident(nspname), ', ' ORDER BY nspname) INTO schemas
              FROM pg_catalog.pg_namespace WHERE nspname = ANY({schemas});
            IF schemas IS NOT NULL THEN
                EXECUTE 'REVOKE EXECUTE ON ALL ROUTINES IN SCHEMA ' || schemas || ' FROM PUBLIC';
            END IF;
        END
        $revoke$
        """).format(schemas=sql.Literal(list(SCHEMAS))), prepare=False)


def _owner_writes_only(conn: psycopg.Connection) -> None:
    """Every table of the pack is written only through its functions, whatever a file forgot.

    governance.owner_writes_only, in the run's transaction: row-level security with a
    SELECT-only policy on every table of the pack that lacks it, a refusing trigger on
    every view PostgreSQL could write through. No table is ever visible that
    pg_write_all_data, or a grant made by mistake, could write. Skipped when installing a
    release older than the function (the upgrade tests install one). Decided server-side: no
    round trip of its own.
    """
    conn.execute("""
        DO $guard$
        BEGIN
            IF pg_catalog.to_regprocedure('governance.owner_writes_only()') IS NOT NULL THEN
                PERFORM governance.owner_writes_only();
            END IF;
        END
        $guard$
        """, prepare=False)


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
