"""`check`: the CI gate. Table for people, JSON and JUnit for pipelines, --fail-on severity."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from xml.etree import ElementTree as ET

import psycopg
import pytest

from installer import Governance
from installer.api.compliance import CheckResult


def checks_count(dsn: str, framework: str | None = None) -> int:
    with psycopg.connect(dsn) as conn:
        return conn.execute("SELECT count(*) FROM compliance.checks WHERE %s::text IS NULL OR framework = %s",
                            (framework, framework)).fetchone()[0]


def test_fail_on_high_exits_1_when_a_high_check_fails(installed_db, cli):
    # The throwaway cluster runs without SSL: security.ssl (high) fails.
    result = cli("check", "--dsn", installed_db, "--framework", "security", "--fail-on", "high")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "security.ssl" in result.stderr and "at or above high" in result.stderr
    assert "fail           high      security.ssl" in result.stdout
    assert "fix: Install a server certificate" in result.stdout


def test_gate_opens_and_closes_with_the_state_of_the_database(installed_db, cli):
    gate = ("check", "--dsn", installed_db, "--framework", "gdpr", "--fail-on", "high")
    result = cli(*gate)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warn           high      gdpr.catalog_empty" in result.stdout  # a warning does not close the gate
    with psycopg.connect(installed_db, autocommit=True) as conn:
        conn.execute('CREATE TABLE public."Cus tomers" (id int PRIMARY KEY, "e-mail" text)')
        conn.execute('GRANT SELECT ON public."Cus tomers" TO PUBLIC')
        conn.execute("""SELECT governance.classify('public."Cus tomers"', 'e-mail', 'contact')""")
    result = cli(*gate)
    assert result.returncode == 1
    assert "gdpr.personal_data_public" in result.stderr and "gdpr.no_erasure_path" in result.stderr
    with psycopg.connect(installed_db, autocommit=True) as conn:
        conn.execute("""SELECT privacy.register_subject('customer', 'public."Cus tomers"', 'id')""")
    result = cli(*gate)
    assert result.returncode == 1
    assert "gdpr.personal_data_public" in result.stderr and "gdpr.no_erasure_path" not in result.stderr
    assert '"column_name": "e-mail"' in result.stdout
    with psycopg.connect(installed_db, autocommit=True) as conn:
        conn.execute('REVOKE SELECT ON public."Cus tomers" FROM PUBLIC')
        conn.execute('SELECT audit.enable(\'public."Cus tomers"\')')  # identifiers must be audited too
    assert cli(*gate).returncode == 0


def test_fail_on_none_never_fails_and_lower_thresholds_include_higher_severities(installed_db, cli):
    assert cli("check", "--dsn", installed_db, "--fail-on", "none").returncode == 0
    # hba_trust is critical: caught by every threshold.
    for threshold in ("critical", "high", "medium", "low"):
        assert cli("check", "--dsn", installed_db, "--fail-on", threshold).returncode == 1


def test_json_output_lists_every_check(installed_db, cli):
    result = cli("check", "--dsn", installed_db, "--format", "json", "--fail-on", "none")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == checks_count(installed_db)
    ssl = next(r for r in rows if r["check_id"] == "security.ssl")
    assert ssl["status"] == "fail" and ssl["evidence"] == [{"ssl": "off"}] and "ssl = on" in ssl["remedy"]
    assert {r["status"] for r in rows} <= {"pass", "fail", "warn", "not_applicable", "skipped"}


def test_junit_output_parses_with_one_testcase_per_check(installed_db, cli):
    # Every module is installed in the test database: hide one function a check needs, so
    # that check is not applicable.
    with psycopg.connect(installed_db) as conn:
        conn.execute("ALTER FUNCTION audit.verify_chain(timestamptz) RENAME TO verify_chain_hidden")
    result = cli("check", "--dsn", installed_db, "--format", "junit", "--fail-on", "none")
    assert result.returncode == 0, result.stderr
    root = ET.fromstring(result.stdout)
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == checks_count(installed_db)
    trust = next(c for c in cases if c.get("name") == "security.hba_trust")
    assert trust.find("failure").get("type") == "critical"
    assert "scram-sha-256" in trust.find("failure").text
    assert int(root.get("failures")) == sum(1 for c in cases if c.find("failure") is not None)
    not_applicable = [c for c in cases if c.find("skipped") is not None]
    assert not_applicable, "checks of modules that are not installed are reported as skipped test cases"


def test_unknown_framework_is_bad_usage(installed_db, cli):
    result = cli("check", "--dsn", installed_db, "--framework", "pci")
    assert result.returncode == 2
    assert "unknown framework 'pci'" in result.stderr and "Frameworks:" in result.stderr


def test_wrappers_run_checks_waive_and_snapshot(installed_db):
    with psycopg.connect(installed_db) as conn:
        gov = Governance(conn)
        results = gov.run_checks("security")
        assert results and all(isinstance(r, CheckResult) and r.framework == "security" for r in results)
        assert next(r for r in results if r.check_id == "security.ssl").status == "fail"
        waiver = gov.waive("security.ssl", "TLS terminates at the proxy", "CISO",
                           datetime.now(timezone.utc) + timedelta(days=30))
        ssl = next(r for r in gov.run_checks("security") if r.check_id == "security.ssl")
        assert ssl.status == "warn" and ssl.waiver["id"] == waiver and ssl.waiver["approved_by"] == "CISO"
        snapshot = gov.snapshot()
        assert conn.execute("SELECT count(*) FROM compliance.snapshot_results WHERE snapshot_id = %s",
                            (snapshot,)).fetchone()[0] == len(gov.run_checks())



def test_a_check_that_cannot_run_is_reported_never_passed(installed_db, cli, tmp_path):
    with psycopg.connect(installed_db, autocommit=True) as conn:
        conn.execute("""SELECT compliance.register_check(
            id => 'security.test_broken', framework => 'security', severity => 'critical', control => 'test',
            title => 'broken on purpose', description => 'test', remedy => 'test',
            query => 'SELECT 1 / 0 AS x')""")
    result = cli("check", "--dsn", installed_db, "--framework", "security", "--fail-on", "none")
    assert result.returncode == 0, result.stderr
    assert "skipped        critical  security.test_broken" in result.stdout
    assert "the check failed to run: 22012: division by zero" in result.stdout
    out = tmp_path / "report.html"
    assert cli("report", "--dsn", installed_db, "--output", str(out)).returncode == 0
    assert "1 checks could not run</b> (security.test_broken)" in out.read_text()


def test_wrappers_register_a_check_and_find_anomalies(installed_db):
    with psycopg.connect(installed_db) as conn:
        gov = Governance(conn)
        gov.register_check("security.no_dblink", "security", "Internal policy 7", "medium", "dblink is installed",
                           "dblink opens connections to other servers.", "DROP EXTENSION dblink;",
                           "SELECT extname::text AS extension FROM pg_catalog.pg_extension WHERE extname = 'dblink'")
        assert next(r for r in gov.run_checks("security") if r.check_id == "security.no_dblink").status == "pass"
        conn.execute("CREATE TABLE public.events (actor text, occurred_at timestamptz)")
        conn.execute("INSERT INTO public.events SELECT 'burst', now() - interval '1 second' * g FROM generate_series(1, 40) g")
        anomalies = gov.activity_anomalies("public.events")
        assert [(a.actor, a.current_count) for a in anomalies] == [("burst", 40)]
        # No spread in an empty baseline: one event per window stands in, never Infinity.
        assert anomalies[0].score == pytest.approx(0.6745 * 40) and anomalies[0].baseline_median == 0


def test_check_lists_failures_first_most_severe_first(installed_db, cli):
    result = cli("check", "--dsn", installed_db, "--fail-on", "none")
    statuses = [line.split()[:2] for line in result.stdout.splitlines()[1:-1] if not line.startswith(" ")]
    order = ["fail", "warn", "skipped", "pass", "not_applicable"]
    ranks = [(order.index(status), -["low", "medium", "high", "critical"].index(severity)) for status, severity in statuses]
    assert ranks == sorted(ranks), result.stdout
    assert statuses[0] == ["fail", "critical"]  # trust lines in the throwaway cluster's pg_hba.conf
    rows = json.loads(cli("check", "--dsn", installed_db, "--format", "json", "--fail-on", "none").stdout)
    assert [r["status"] for r in rows] == sorted((r["status"] for r in rows), key=order.index)


def test_soc2_counts_the_security_checks_of_its_controls(installed_db, cli):
    rows = json.loads(cli("check", "--dsn", installed_db, "--framework", "soc2", "--format", "json",
                          "--fail-on", "none").stdout)
    mapped = {r["check_id"]: r for r in rows if not r["check_id"].startswith("soc2.")}
    assert {"security.ssl", "security.hba_trust", "security.log_connections", "security.superusers"} <= mapped.keys()
    assert all(r["framework"] == "soc2" and r["control"].startswith("SOC 2 CC") for r in mapped.values())
    assert mapped["security.ssl"]["control"] == "SOC 2 CC6.7 (data in transmission encrypted)"
    assert mapped["security.ssl"]["status"] == "fail"
    assert len(rows) == checks_count(installed_db, "soc2") + len(mapped)
    # Run for every framework, each check appears once, under its own.
    everything = json.loads(cli("check", "--dsn", installed_db, "--format", "json", "--fail-on", "none").stdout)
    assert [r["framework"] for r in everything if r["check_id"] == "security.ssl"] == ["security"]
    with psycopg.connect(installed_db, autocommit=True) as conn:
        conn.execute("SELECT compliance.snapshot()")
        failed = conn.execute("SELECT failed FROM compliance.trend WHERE framework = 'soc2'").fetchone()[0]
    assert failed == sum(r["status"] == "fail" for r in rows), "the SOC 2 trend counts the mapped checks"
