"""Command line: python -m installer / pg-governance."""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

import psycopg

import installer as _package

# PyPA's wheel installer is also imported as `installer`; if its __init__ replaced ours,
# say so instead of failing on a missing name further down.
if not getattr(_package, "PG_GOVERNANCE", False):
    raise SystemExit(f"{_package.__file__} is not pg-governance's 'installer' package (PyPA's wheel "
                     "installer has the same import name). Install pg-governance in its own virtual environment.")

from installer import __version__  # noqa: E402
from installer.api.governance import Governance
from installer.cli.common import check_writable, connect, positive_int, seconds
from installer.cli.erasure import _cmd_export, _cmd_forget, add_export_arguments, add_forget_arguments
from installer.cli.requests import _cmd_requests, add_requests_arguments
from installer.engine.errors import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_REFUSED,
    CannotConnect,
    MigrationFailed,
    Refused,
    UsageError,
    diagnostics,
    is_refusal,
)
from installer.engine.layout import LayoutError
from installer.engine.migrate import DEFAULT_LOCK_TIMEOUT
from installer.engine.throwaway import ThrowawayError
from installer.server import _cmd_serve, add_serve_arguments

COMMANDS = ("apply", "status", "uninstall", "demo", "forget", "export", "requests", "check", "report", "inventory", "lineage",
            "sync-roles", "encrypt-column", "reencrypt", "maintain", "dump", "serve")

OWNER = "the role that installed pg-governance (the owner of its schemas) or a superuser"
EXIT_CODES = """exit codes:
  0  success (for --dry-run: what would be done was printed)
  1  failed: the operation failed or the server could not be reached{extra_failed}
  2  bad usage or refused: a wrong argument, a missing privilege, a precondition
     not met; nothing was changed{extra_refused}
  130  interrupted (Ctrl-C)"""


def _epilog(failed: str = "", refused: str = "") -> str:
    return EXIT_CODES.format(extra_failed=f"\n  1  {failed}" if failed else "",
                             extra_refused=f"\n  2  {refused}" if refused else "")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pg-governance",
        description="Install and operate pg-governance in a PostgreSQL database.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Without a command, 'apply' runs. The connection comes from --dsn or the libpq environment\n"
               "(PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSERVICE, PGSSLMODE, ...).\n"
               "'pg-governance COMMAND --help' describes each command.\n\n" + _epilog(
                   "a gate tripped: check --fail-on, requests --fail-on-overdue, status found drift"))
    parser.add_argument("--version", action="version", version=f"pg-governance {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, handler: Callable[[argparse.Namespace], int], help_text: str, needs: str | None,
                failed: str = "", refused: str = "") -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text, epilog=_epilog(failed, refused),
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
        # needs: what the connecting role must hold; named when the server says permission denied.
        sub.set_defaults(needs=needs, handler=handler)
        if needs is not None:
            sub.add_argument("--dsn", default="", help="libpq connection string or URI (default: the PG* environment)")
        return sub

    apply = command("apply", _cmd_apply, "install or upgrade the governance schemas (the default); progress goes to stderr",
                    OWNER, failed="a migration failed: the whole run was rolled back, nothing was applied",
                    refused="other transactions held the pack's tables longer than --lock-timeout")
    apply.add_argument("--dry-run", action="store_true", help="print the plan and change nothing")
    apply.add_argument("--lock-timeout", type=seconds, default=DEFAULT_LOCK_TIMEOUT, metavar="SECONDS",
                       help="an upgrade waits for the transactions that use the pack to end, and holds new ones "
                            "until it commits; it gives up, changing nothing, after this long "
                            f"(default {DEFAULT_LOCK_TIMEOUT:g}; 0: no limit)")
    status = command("status", _cmd_status, "installed version, applied and pending migrations, drift", "governance_auditor",
                     failed="drift: an applied versioned file was edited, or is no longer shipped")
    status.add_argument("--verbose", action="store_true", help="list every applied migration, not one line per module")
    uninstall = command("uninstall", _cmd_uninstall, "remove every schema and role the installer created", OWNER,
                        refused="governance tables hold data (audit trails, consent records): see --force")
    uninstall.add_argument("--force", action="store_true", help="drop governance data (audit trails, consent records) too")
    uninstall.add_argument("--dry-run", action="store_true", help="print what would be removed and change nothing")
    command("demo", _cmd_demo, "start a throwaway PostgreSQL, install, show the features, clean up", None,
            failed="the throwaway server could not start (no PostgreSQL server binaries?)")
    add_forget_arguments(command("forget", _cmd_forget, "erase a data subject everywhere (GDPR Art. 17); --dry-run shows the plan",
                                 "governance_dpo", refused="the subject is unknown, or (also with --dry-run) "
                                 "a foreign key would block the erasure"))
    add_export_arguments(command("export", _cmd_export, "write everything held about a data subject to a JSON file "
                                 "(GDPR Art. 15/20); the disclosure is recorded in the audit trail",
                                 "governance_dpo", refused="the subject is unknown"))
    check = command("check", _cmd_check, "run the compliance checks; exit 1 if a failed check, or one that could not run, "
                    "reaches --fail-on", "governance_auditor",
                    failed="a failed check reaches --fail-on, or a skipped one that --allow-skipped does not name")
    check.add_argument("--framework", help="only this framework (gdpr, ccpa, hipaa, soc2, security)")
    check.add_argument("--format", choices=("table", "json", "junit"), default="table", help="output format (default table)")
    check.add_argument("--fail-on", choices=("critical", "high", "medium", "low", "none"), default="critical",
                       help="lowest severity of a failed (or skipped) check that makes the exit code 1 (default: critical)")
    check.add_argument("--allow-skipped", action="append", default=[], metavar="CHECK_ID",
                       help="a check that may be skipped without failing the gate (it cannot run for this role or "
                            "on this service); repeat for several")
    report = command("report", _cmd_report, "write a self-contained HTML compliance report", "governance_auditor")
    report.add_argument("--output", required=True, help="file to write, e.g. report.html")
    inventory = command("inventory", _cmd_inventory, "the records of processing (GDPR Art. 30): per classified column its category, "
                        "sensitivity, purposes, erasure, readers, and whether audited, encrypted, isolated; read-only",
                        "governance_auditor")
    inventory.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format (default table)")
    inventory.add_argument("--output", default="-", help="file to write (default -: stdout)")
    lineage = command("lineage", _cmd_lineage, "draw the lineage of an asset (id, namespace/name, or a unique name); read-only",
                      "any governance_* role", refused="no such asset, or the name is ambiguous")
    lineage.add_argument("asset", help="asset id, namespace/name, or an unambiguous name")
    lineage.add_argument("--format", choices=("dot", "mermaid", "json"), default="json", help="output format (default json)")
    lineage.add_argument("--depth", type=int, default=3, help="edges to follow up and down (default 3)")
    add_serve_arguments(command(
        "serve", _cmd_serve, "HTTP server: OpenLineage intake (POST /api/v1/lineage, as Marquez), a live security dashboard "
        "(/dashboard), /health; each request runs as the database role its API key maps to",
        "a login role that is no superuser, member of the roles the API keys map to",
        refused="no authentication configured, --no-auth off loopback, a superuser login, a key role it cannot use"))
    add_requests_arguments(command("requests", _cmd_requests, "list open data-subject requests and the overdue ones", "governance_dpo",
                                   failed="--fail-on-overdue and a request is overdue"))
    sync_roles = command("sync-roles", _cmd_sync_roles, "mirror access roles and table permissions into PostgreSQL roles and GRANTs",
                         "governance_admin, with CREATEROLE and the right to grant on the tables")
    sync_roles.add_argument("--dry-run", action="store_true", help="print the statements and change nothing")
    maintain = command("maintain", _cmd_maintain, "link committed audit rows into the hash chain, create the coming months' audit "
                                   "partitions, and apply the retention rules in batches (run it from cron)", "governance_admin",
                       failed="a retention batch failed; the batches committed before it stay done")
    maintain.add_argument("--dry-run", action="store_true",
                          help="say how many transactions wait for their link and what retention would remove, change nothing")
    maintain.add_argument("--batch-size", type=positive_int, default=10000,
                          help="retention: rows per transaction (default 10000)")
    maintain.add_argument("--lock-timeout", type=seconds, default=2.0, metavar="SECONDS",
                          help="retention: how long a batch waits for a lock before it is retried (default 2)")
    maintain.add_argument("--no-retention", action="store_true", help="leave retention for another run")
    dump = command("dump", _cmd_dump, "write a masked copy of the database (or of --schema) for development and staging: "
                           "every classified column masked, restorable with psql; progress on stderr",
                   "a role that reads the tables and is a member of governance_dpo or governance_admin",
                   refused="--masked missing, or pg_dump not found")
    dump.add_argument("--masked", action="store_true", help="required: the dump masks every classified column")
    dump.add_argument("--output", required=True, help="file to write (- for stdout)")
    dump.add_argument("--schema", action="append", default=[], help="dump this schema only; repeat for several")
    dump.add_argument("--pg-dump", help="the pg_dump program (default: pg_dump on PATH; as new as the server or newer)")
    _add_encryption_commands(command)
    return parser


def _add_encryption_commands(command: Callable[..., argparse.ArgumentParser]) -> None:
    interrupted = "batches committed before a failure stay converted: run the command again to resume"
    needs = "governance_admin, and encrypt on the key (governance.grant_key)"
    encrypt = command("encrypt-column", _cmd_encrypt_column, "encrypt a plaintext column in place, in batches, with a progress bar "
                      "on stderr", needs, failed=interrupted)
    encrypt.add_argument("table", help="table name, schema-qualified if needed (quoted like SQL: 'app.\"My Table\"')")
    encrypt.add_argument("column", help="column name, as it is (no quoting)")
    encrypt.add_argument("key", help="name of the encryption key (governance.create_key)")
    reencrypt = command("reencrypt", _cmd_reencrypt, "move a column's ciphertexts to the newest key version, in batches, with a "
                        "progress bar on stderr", needs, failed=interrupted)
    reencrypt.add_argument("table", help="table name, schema-qualified if needed (quoted like SQL)")
    reencrypt.add_argument("column", help="column name, as it is (no quoting)")
    for sub in (encrypt, reencrypt):
        sub.add_argument("--batch-size", type=positive_int, default=10000, help="rows per transaction (default 10000)")
        sub.add_argument("--master-key-file", help="read the master key from this file "
                         "(default: the PG_GOVERNANCE_MASTER_KEY environment variable)")
        sub.add_argument("--dry-run", action="store_true", help="print how many rows would be converted, change nothing")


def main(argv: Sequence[str] | None = None) -> int:
    try:
        code = _main(argv)
        sys.stdout.flush()  # inside the try: a closed pipe is often found only here
        return code
    except BrokenPipeError:
        # The reader went away (`| head`, `| grep -q`): it had what it wanted. No traceback;
        # stdout now points at /dev/null so that the interpreter's last flush is quiet too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _main(argv: Sequence[str] | None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    # Without a command, apply runs: `pg-governance --dsn X` installs. Options may come
    # first (`--dsn X status`). A first word that is not an option is a command, so a
    # mistyped one is named instead of being run as apply.
    if not args_list or (args_list[0].startswith("-") and args_list[0] not in ("-h", "--help", "--version")):
        command = next((word for word in args_list if word in COMMANDS), "apply")
        if command in args_list:
            args_list.remove(command)
        args_list.insert(0, command)
    args = build_parser().parse_args(args_list)
    try:
        return args.handler(args)
    except UsageError as exc:
        print(f"pg-governance {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except Refused as exc:
        print("Refused, nothing was changed:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_REFUSED
    except MigrationFailed as exc:
        print(f"Migration failed; the whole run was rolled back, nothing was applied:\n{exc}", file=sys.stderr)
        return EXIT_FAILED
    except LayoutError as exc:
        print(f"The SQL tree is broken: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except CannotConnect as exc:
        print(f"Cannot connect to the database: {exc}\n"
              "Pass --dsn 'host=... port=... dbname=... user=...' or set PGHOST, PGPORT, PGDATABASE, PGUSER "
              "(the password: PGPASSWORD or ~/.pgpass).", file=sys.stderr)
        return EXIT_FAILED
    except psycopg.errors.InsufficientPrivilege as exc:
        _print_database_error("Permission denied", exc)
        # A hint is the server's own remedy (a GRANT to pg-governance's owner, say), which
        # the connecting role's membership would not fix: then it alone is the advice.
        if not exc.diag.message_hint:
            print(f"  '{args.command}' needs {args.needs}; connect as a role that has it "
                  "(an administrator can GRANT a governance_* role to yours).", file=sys.stderr)
        return EXIT_REFUSED
    except psycopg.Error as exc:
        if is_refusal(exc):
            _print_database_error("Refused", exc)
            return EXIT_REFUSED
        _print_database_error("Database error", exc)
        return EXIT_FAILED
    except ThrowawayError as exc:
        print(f"Cannot start a throwaway PostgreSQL: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:
        raise  # main() handles it, wherever it happens
    except OSError as exc:
        print(f"Cannot use {exc.filename or 'a file'}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        return EXIT_INTERRUPTED


def _print_database_error(what: str, exc: psycopg.Error) -> None:
    print(f"{what} ({exc.diag.sqlstate or 'no SQLSTATE'}): {exc.diag.message_primary or str(exc).strip()}",
          file=sys.stderr)
    for line in diagnostics(exc):
        print(line, file=sys.stderr)


def _connect(args: argparse.Namespace, installed: bool = True) -> psycopg.Connection:
    return connect(args.dsn, autocommit=True, installed=installed)


def _cmd_apply(args: argparse.Namespace) -> int:
    from installer.engine.migrate import apply

    with _connect(args, installed=False) as conn:
        plan = apply(conn, dry_run=args.dry_run, lock_timeout=args.lock_timeout)
    if args.dry_run:
        if not plan.steps:
            print("Up to date: nothing to apply.")
        else:
            print(f"Would apply {len(plan.steps)} migration(s):")
            for step in plan.steps:
                print(f"  {step.migration.name} ({step.reason})")
        return EXIT_OK
    print("Up to date: nothing to apply." if not plan.steps
          else f"Applied {len(plan.steps)} migration(s); pg-governance {__version__} is installed.")
    return EXIT_OK


def _cmd_status(args: argparse.Namespace) -> int:
    from installer.engine import preflight
    from installer.engine.layout import discover
    from installer.engine.migrate import make_plan

    with _connect(args, installed=False) as conn:
        plan = make_plan(conn, discover())
        version = conn.execute("SELECT governance.version()").fetchone()[0] if plan.applied else None
        citus = preflight.citus_summary(conn)
        masked = _masked_view_states(conn)
    print(f"Installed version: {version or 'not installed'} (this installer: {__version__})")
    if citus:
        print(citus)
    print(f"Applied migrations: {len(plan.applied)}")
    by_date = sorted(plan.applied.items(), key=lambda item: item[1]["applied_at"])
    if args.verbose:
        for name, info in by_date:
            print(f"  {info['applied_at']:%Y-%m-%d %H:%M:%S%z}  {name}")
    else:
        modules: dict[str, list[datetime]] = {}
        for name, info in by_date:
            modules.setdefault(name.split("/", 1)[0], []).append(info["applied_at"])
        for module, times in sorted(modules.items()):
            print(f"  {module:16} {len(times):4} applied, the last at {times[-1]:%Y-%m-%d %H:%M:%S%z}")
    print(f"Pending migrations: {len(plan.steps)}")
    for step in plan.steps:
        print(f"  {step.migration.name} ({step.reason})")
    for name in plan.drift:
        print(f"Drift: {name} was edited after it was applied")
    for name in plan.missing:
        print(f"Drift: {name} is applied but no longer shipped")
    if masked:
        current = sum(1 for row in masked if row[2] == "current")
        print(f"Masked views: {len(masked)}, {current} current")
        for table, view, state in masked:
            if state != "current":
                print(f"  {view} ({table}) is {state}: SELECT privacy.refresh_masked_views();")
    return EXIT_FAILED if plan.drift else EXIT_OK


def _masked_view_states(conn: psycopg.Connection) -> list[tuple[str, str, str]]:
    """The masked views and their state, when masking is installed (status runs on any release)."""
    if conn.execute("SELECT pg_catalog.to_regprocedure('privacy.masking_status()') IS NULL").fetchone()[0]:
        return []
    return conn.execute("SELECT table_name, masked_view, state FROM privacy.masking_status()").fetchall()


def _cmd_maintain(args: argparse.Namespace) -> int:
    from installer.cli import retention

    with _connect(args) as conn:
        waiting = conn.execute("SELECT count(*) FROM audit.waiting").fetchone()[0]
        if args.dry_run:
            print(f"{waiting} audit transaction(s) wait for their chain link; nothing was changed")
            if not args.no_retention:
                retention.dry_run(Governance(conn))
            return EXIT_OK
        gov = Governance(conn)
        links = gov.audit_seal()
        partitions = gov.audit_add_partitions()
        print(f"audit: {links} link(s) appended to the hash chain, {partitions} partition(s) created")
        if not args.no_retention:
            retention.apply_all(conn, args.batch_size, args.lock_timeout)
    return EXIT_OK


def _cmd_dump(args: argparse.Namespace) -> int:
    from installer.engine.masked_dump import find_pg_dump, write_masked_dump

    if not args.masked:
        raise UsageError("dump writes masked copies only: pass --masked (for a copy in clear, use pg_dump itself)")
    pg_dump = find_pg_dump(args.pg_dump)
    if args.output != "-":
        check_writable(args.output)
    with connect(args.dsn, autocommit=False) as conn:
        if args.output == "-":
            tables, rows, elapsed = write_masked_dump(conn, args.dsn, sys.stdout.buffer, pg_dump, args.schema)
        else:
            with open(args.output, "wb") as output:
                tables, rows, elapsed = write_masked_dump(conn, args.dsn, output, pg_dump, args.schema)
    print(f"Wrote {'stdout' if args.output == '-' else args.output}: {tables} table(s), {rows} row(s) masked "
          f"in {elapsed:.1f} s ({rows / max(elapsed, 1e-9):,.0f} rows/s)", file=sys.stderr)
    return EXIT_OK


def _cmd_uninstall(args: argparse.Namespace) -> int:
    from installer.engine.uninstall import uninstall

    with _connect(args, installed=False) as conn:
        plan = uninstall(conn, force=args.force, dry_run=args.dry_run)
    if not plan.schemas:
        print("pg-governance is not installed in this database: nothing to remove.")
        return EXIT_OK
    verb = "Would drop" if args.dry_run else "Dropped"
    print(f"{verb} schemas: {', '.join(plan.schemas)}")
    for table, rows in plan.evidence.items():
        print(f"  with data: {table} ({rows} rows)")
    for dependent in plan.dependents:
        print(f"  and, outside them: {dependent}")
    if plan.drop_roles:
        print(f"{verb} roles: {', '.join(plan.drop_roles)}")
    for role, why in plan.keep_roles.items():
        print(f"Kept role {role}: {why}")
    return EXIT_OK


def _cmd_encrypt_column(args: argparse.Namespace) -> int:
    return _encryption_batches(args, "encrypted",
                               lambda gov: gov.encrypt_column(args.table, args.column, args.key, args.batch_size))


def _cmd_reencrypt(args: argparse.Namespace) -> int:
    return _encryption_batches(args, "re-encrypted", lambda gov: gov.reencrypt(args.table, args.column, args.batch_size))


def _encryption_batches(args: argparse.Namespace, verb: str,
                        batch: Callable[[Governance], tuple[int, bool]]) -> int:
    from installer.engine.encryption_batches import master_key, run_batches

    key = None if args.dry_run else master_key(args.master_key_file)
    with _connect(args) as conn:
        if key is None:
            rows = Governance(conn).encryption_backlog(args.table, args.column)
            print(f"Would convert {rows} row(s) of {args.table}.{args.column}; nothing was changed.")
            return EXIT_OK
        rows = run_batches(conn, key, batch, lambda gov: gov.encryption_backlog(args.table, args.column))
    print(f"Done: {rows} row(s) of {args.table}.{args.column} {verb}.")
    return EXIT_OK


def _cmd_demo(args: argparse.Namespace) -> int:
    from installer.demo import run

    return run()


def _cmd_check(args: argparse.Namespace) -> int:
    from installer.render import check_output

    with _connect(args) as conn:
        results = check_output.failures_first(Governance(conn).run_checks(args.framework))
        known = {row[0] for row in conn.execute("SELECT id FROM compliance.checks")}
    unknown = sorted(set(args.allow_skipped) - known)
    if unknown:
        raise UsageError(f"--allow-skipped names no check: {', '.join(unknown)} (check ids are listed in compliance.checks)")
    formatter = {"table": check_output.format_table, "json": check_output.format_json,
                 "junit": check_output.format_junit}[args.format]
    print(formatter(results))
    failures = check_output.gate_failures(results, args.fail_on, frozenset(args.allow_skipped))
    if failures:
        print(check_output.gate_message(failures, args.fail_on), file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _cmd_report(args: argparse.Namespace) -> int:
    from installer.render.report import write_report

    check_writable(args.output)
    with _connect(args) as conn:
        summary = write_report(conn, args.output)
    print(f"Wrote {args.output}: {summary}")
    return EXIT_OK


def _cmd_inventory(args: argparse.Namespace) -> int:
    from installer.render.inventory import render

    if args.output != "-":
        check_writable(args.output)
    with _connect(args) as conn:
        text = render(Governance(conn).records_of_processing(), args.format)
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"Wrote {args.output}")
    return EXIT_OK


def _cmd_lineage(args: argparse.Namespace) -> int:
    import json

    with _connect(args) as conn:
        gov = Governance(conn)
        asset = gov.find_asset(args.asset)
        render = {"dot": gov.to_dot, "mermaid": gov.to_mermaid,
                  "json": lambda a, d: json.dumps(gov.graph(a, d), indent=2)}[args.format]
        print(render(asset, args.depth))
    return EXIT_OK


def _cmd_sync_roles(args: argparse.Namespace) -> int:
    with _connect(args) as conn:
        statements = Governance(conn).sync_native_roles(dry_run=args.dry_run)
    for statement in statements:
        print(f"{statement};")
    verb = "Would run" if args.dry_run else "Ran"
    print(f"{verb} {len(statements)} statement(s)." if statements else "Native roles are in sync: nothing to do.")
    return EXIT_OK
