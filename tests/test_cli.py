"""The command line a DBA meets: exit codes, messages, demo."""
from __future__ import annotations

import os

from conftest import REPO

from installer import __version__
from installer.engine.layout import discover


def test_bad_usage_exits_2(cli):
    result = cli("status", "--no-such-flag")
    assert result.returncode == 2
    assert "unrecognized arguments: --no-such-flag" in result.stderr


def test_unreachable_server_exits_1_and_says_how_to_connect(cli, tmp_path):
    result = cli("status", "--dsn", f"host={tmp_path} dbname=nowhere connect_timeout=2")
    assert result.returncode == 1
    assert "Cannot connect to the database" in result.stderr and "--dsn" in result.stderr


def test_status_reports_version_and_nothing_pending(installed_db, cli):
    result = cli("status", "--dsn", installed_db)
    assert result.returncode == 0, result.stderr
    assert f"Installed version: {__version__}" in result.stdout
    assert "Pending migrations: 0" in result.stdout
    # One line per module, not one per file: what is pending or drifted stays in sight.
    modules = sorted({m.name.split("/")[0] for m in discover()})
    assert [line.split()[0] for line in result.stdout.splitlines() if line.startswith("  ")] == modules
    verbose = cli("status", "--dsn", installed_db, "--verbose")
    assert "10_governance/versioned/0001_core.sql" in verbose.stdout
    assert len(verbose.stdout.splitlines()) > len(discover())


def test_status_of_an_empty_database_lists_everything_as_pending(fresh_db, cli):
    result = cli("status", "--dsn", fresh_db)
    assert result.returncode == 0, result.stderr
    assert "Installed version: not installed" in result.stdout
    assert "10_governance/versioned/0001_core.sql (new)" in result.stdout


def test_apply_reports_progress_on_stderr_and_only_the_result_on_stdout(fresh_db, cli):
    result = cli("apply", "--dsn", fresh_db)
    assert result.returncode == 0, result.stderr
    count = len(discover())
    assert result.stdout.splitlines() == [f"Applied {count} migration(s); pg-governance {__version__} is installed."]
    assert f"[1/{count}] 10_governance/versioned/0001_core.sql (new)" in result.stderr
    assert "Warning: installing as a superuser" in result.stderr, "the first install names the risk of its owner"
    again = cli("apply", "--dsn", fresh_db)
    assert "Warning" not in again.stderr, "and only the first"


def test_apply_is_the_default_command(fresh_db, cli):
    result = cli("--dsn", fresh_db)
    assert result.returncode == 0, result.stderr
    assert "Applied" in result.stdout


def test_demo_runs_with_no_server_configured(cli):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    result = cli("demo", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"installed version {__version__}: {len(discover())} migrations" in result.stdout
    assert "[1/" not in result.stdout, "the demo does not list every migration"
    assert "(1, False)" not in result.stdout, "no raw tuples"
    assert "forging the tenant with SET is refused" in result.stdout
    assert "hipaa.phi_public: fail" in result.stdout and "after the remedy: pass" in result.stdout
    assert "the throwaway server is gone" in result.stdout


def test_the_console_script_is_declared():
    assert 'pg-governance = "installer.cli:main"' in (REPO / "pyproject.toml").read_text()
