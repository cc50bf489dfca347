"""Expected failures on the command line: the problem and its remedy in one message, the
documented exit code, never a Python traceback."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from conftest import REPO

from installer import __version__
from installer.cli import COMMANDS, build_parser

# Commands that need the pack installed, with arguments that pass argparse.
NEEDS_THE_PACK = {
    "check": [], "report": ["--output", "report.html"], "requests": [], "lineage": ["orders"],
    "forget": ["--key", "1", "--dry-run"], "export": ["--key", "1"], "sync-roles": ["--dry-run"],
    "maintain": ["--dry-run"], "encrypt-column": ["t", "c", "k", "--dry-run"], "reencrypt": ["t", "c", "--dry-run"],
    "serve": ["--no-auth", "governance_app"],
    "dump": ["--masked", "--output", "report.html"],
}


def assert_clean_failure(result: subprocess.CompletedProcess[str], code: int, *phrases: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == code, output
    assert "Traceback" not in output, output
    for phrase in phrases:
        assert phrase in result.stderr, result.stderr


@pytest.fixture
def login_role(cluster):
    """A login role with no governance role: roles are cluster-wide, so it is dropped afterwards."""
    with psycopg.connect(cluster.dsn(), autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS cli_outsider")
        conn.execute("CREATE ROLE cli_outsider LOGIN")
    yield "cli_outsider"
    with psycopg.connect(cluster.dsn(), autocommit=True) as conn:
        conn.execute("DROP OWNED BY cli_outsider")
        conn.execute("DROP ROLE cli_outsider")


def test_a_mistyped_command_is_named_not_run_as_apply(cli):
    result = cli("staus", "--dsn", "host=/nonexistent")
    assert_clean_failure(result, 2, "invalid choice: 'staus'")


def test_options_may_come_before_the_command(installed_db, cli):
    result = cli("--dsn", installed_db, "status")
    assert result.returncode == 0, result.stderr
    assert f"Installed version: {__version__}" in result.stdout


def test_help_lists_every_command_and_documents_the_exit_codes(cli):
    result = cli("--help")
    assert result.returncode == 0
    for command in COMMANDS:
        assert command in result.stdout
    for line in ("0 success", "1 failed", "2 bad usage or refused", "130 interrupted"):
        assert line in " ".join(result.stdout.split()), result.stdout


def test_every_subcommand_help_documents_its_exit_codes(cli):
    for command in COMMANDS:
        result = cli(command, "--help")
        assert result.returncode == 0, (command, result.stderr)
        assert ("--dsn" in result.stdout) == (command != "demo"), command
        assert "exit codes:" in result.stdout, (command, result.stdout)
    assert "1 a failed check reaches --fail-on" in " ".join(cli("check", "--help").stdout.split())
    assert "1 drift" in " ".join(cli("status", "--help").stdout.split())


def test_a_malformed_dsn_is_a_usage_error(cli):
    result = cli("status", "--dsn", "bogus dsn")
    assert_clean_failure(result, 2, "--dsn", "is not a valid connection string", "host=")


def test_an_unreachable_server_names_the_remedy(cli, tmp_path):
    result = cli("check", "--dsn", f"host={tmp_path} dbname=nowhere connect_timeout=2")
    assert_clean_failure(result, 1, "Cannot connect", "PGHOST")


@pytest.mark.parametrize("command", sorted(NEEDS_THE_PACK))
def test_a_database_without_the_pack_says_to_install_it_first(fresh_db, cli, command, tmp_path):
    result = subprocess.run([sys.executable, "-m", "installer", command, "--dsn", fresh_db, *NEEDS_THE_PACK[command]],
                            capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert_clean_failure(result, 2, "pg-governance is not installed in database", "pg-governance apply")
    assert not (tmp_path / "report.html").exists() and not (tmp_path / "subject-export.json").exists()


@pytest.mark.parametrize(("command", "role"), [
    (["check"], "governance_auditor"), (["forget", "--key", "1", "--dry-run"], "governance_dpo"),
    (["maintain"], "governance_admin"), (["uninstall", "--dry-run"], "installed pg-governance"),
])
def test_missing_privileges_name_the_role_to_grant(installed_db, cli, login_role, command, role):
    result = cli(*command, "--dsn", installed_db.replace("user=postgres", f"user={login_role}"))
    assert_clean_failure(result, 2, "Permission denied", "42501", role)


def test_a_wrong_table_argument_is_refused_with_its_sqlstate(installed_db, cli):
    result = cli("encrypt-column", "--dsn", installed_db, "no_such_table", "ssn", "k", "--dry-run")
    assert_clean_failure(result, 2, '42P01', 'relation "no_such_table" does not exist')


def test_an_unwritable_output_file_is_refused(installed_db, cli, tmp_path):
    missing = tmp_path / "no" / "such" / "dir"
    report = cli("report", "--dsn", installed_db, "--output", str(missing / "report.html"))
    assert_clean_failure(report, 2, str(missing / "report.html"), "no such directory")


def test_a_missing_master_key_file_is_refused(installed_db, cli, tmp_path):
    result = cli("reencrypt", "--dsn", installed_db, "t", "c", "--master-key-file", str(tmp_path / "nokey"))
    assert_clean_failure(result, 2, str(tmp_path / "nokey"), "--master-key-file")


def test_a_bad_timestamp_says_what_is_expected(cli):
    result = cli("requests", "--as-of", "next tuesday", "--dsn", "host=/nonexistent")
    assert_clean_failure(result, 2, "not an ISO 8601 timestamp: 'next tuesday'", "2025-07-01T00:00+00:00")


def test_a_server_side_refusal_of_an_argument_exits_2_with_sqlstate_and_hint(installed_db, cli):
    with psycopg.connect(installed_db) as conn:
        conn.execute("SELECT lineage.register_asset('warehouse', 'orders', 'table')")
    result = cli("lineage", "--dsn", installed_db, "warehouse/orders", "--depth", "-1")
    assert_clean_failure(result, 2, "22023", "max_depth must be 0 or more")


def test_demo_without_server_binaries_says_where_to_get_them(cli):
    env = {**os.environ, "PG_BINDIR": "/nonexistent/bin"}
    result = cli("demo", env=env)
    assert_clean_failure(result, 1, "PG_BINDIR", "/nonexistent/bin")


def test_interrupting_the_demo_exits_130_and_removes_the_server():
    # No libpq settings; PG_BINDIR stays, so the demo runs on the major under test.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG") or k == "PG_BINDIR"}
    # A suite started in the background by a non-interactive shell inherits SIGINT ignored,
    # and Python then installs no Ctrl-C handler: the demo gets the default one, as in a terminal.
    process = subprocess.Popen([sys.executable, "-u", "-m", "installer", "demo"], cwd=REPO, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    datadir = None
    for line in process.stdout:
        if line.startswith("data directory: "):
            datadir = Path(line.split(": ", 1)[1].strip())
        if line.startswith("== Installing"):
            break
    assert datadir is not None and datadir.exists()
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stdout + stderr
    assert "Interrupted" in stderr and "Traceback" not in stderr, stderr
    assert not datadir.exists()


def test_every_command_that_changes_data_has_a_dry_run():
    changes_data = {"apply", "uninstall", "forget", "sync-roles", "maintain", "encrypt-column", "reencrypt"}
    read_only = {"status", "demo", "export", "check", "report", "inventory", "lineage", "requests", "dump"}
    # A server changes nothing itself: each request may do what its API key's role may.
    server = {"serve"}
    assert changes_data | read_only | server == set(COMMANDS)
    subcommands = next(a for a in build_parser()._actions if a.dest == "command").choices
    for name in changes_data:
        assert "--dry-run" in subcommands[name].format_help(), name


def test_a_sql_ascii_database_is_refused_with_the_remedy(cluster, cli):
    with psycopg.connect(cluster.dsn(), autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS legacy_ascii")
        conn.execute("CREATE DATABASE legacy_ascii ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0")
    try:
        result = cli("apply", "--dsn", cluster.dsn("legacy_ascii"))
        assert_clean_failure(result, 2, "SQL_ASCII", "ENCODING 'UTF8'")
        with psycopg.connect(cluster.dsn("legacy_ascii")) as conn:
            assert conn.execute("SELECT count(*) FROM pg_namespace WHERE nspname = 'governance'").fetchone()[0] == 0
    finally:
        with psycopg.connect(cluster.dsn(), autocommit=True) as conn:
            conn.execute("DROP DATABASE legacy_ascii")


def test_a_server_older_than_the_tested_majors_is_refused_naming_them():
    from installer.engine.preflight import MIN_SERVER_VERSION, version_refusal

    assert MIN_SERVER_VERSION == 130000
    assert version_refusal("12.22") == ("PostgreSQL 13 or newer is required; this server is 12.22. "
                                        "pg-governance is tested on 13 to 18: upgrade the server first.")


def test_a_server_newer_than_the_tested_majors_is_warned_about_not_refused(installed_db, cli):
    from installer.engine.preflight import NEWEST_TESTED, OLDEST_TESTED, version_warning

    assert version_warning(OLDEST_TESTED * 10000) is None
    assert version_warning(NEWEST_TESTED * 10000 + 99) is None
    warning = version_warning((NEWEST_TESTED + 1) * 10000 + 2)
    assert f"PostgreSQL {NEWEST_TESTED + 1} is newer" in warning and f"{OLDEST_TESTED} to {NEWEST_TESTED}" in warning
    result = cli("apply", "--dsn", installed_db)  # a tested server: no warning
    assert result.returncode == 0 and "Warning" not in result.stderr, result.stderr
