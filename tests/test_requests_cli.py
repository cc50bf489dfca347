"""`python -m installer requests`: open and overdue data-subject requests for the DPO."""
from __future__ import annotations

import json
import os
from datetime import timedelta, timezone

import psycopg


def _open_two(dsn: str) -> tuple[int, int]:
    with psycopg.connect(dsn) as conn:
        gdpr = conn.execute("SELECT privacy.open_request('c''1; --', 'access')").fetchone()[0]
        ccpa = conn.execute("SELECT privacy.open_request('c2', 'opt_out_of_sale', 'ccpa')").fetchone()[0]
    return gdpr, ccpa


def test_requests_lists_open_requests_and_flags_the_overdue(installed_db, cli):
    gdpr, ccpa = _open_two(installed_db)
    today = cli("requests", "--dsn", installed_db)
    assert today.returncode == 0, today.stderr
    assert "2 open request(s), 0 overdue" in today.stdout
    assert "c'1; --" in today.stdout and "OVERDUE" not in today.stdout

    later = cli("requests", "--dsn", installed_db, "--as-of", "2099-01-01T00:00+00:00", "--overdue", "--json")
    assert later.returncode == 0, later.stderr
    assert [(row["id"], row["overdue"]) for row in json.loads(later.stdout)] == [(gdpr, True), (ccpa, True)]

    gate = cli("requests", "--dsn", installed_db, "--as-of", "2099-01-01T00:00+00:00", "--fail-on-overdue")
    assert gate.returncode == 1 and "2 overdue" in gate.stdout


def test_requests_refuses_a_bad_timestamp_and_reports_an_unreachable_server(installed_db, cli):
    bad = cli("requests", "--dsn", installed_db, "--as-of", "next tuesday")
    assert bad.returncode == 2 and "not an ISO 8601 timestamp" in bad.stderr
    down = cli("requests", "--dsn", "host=/nonexistent dbname=x")
    assert down.returncode == 1 and "Cannot connect to the database" in down.stderr


def test_requests_reads_an_as_of_without_zone_as_utc(installed_db, cli):
    """Due dates are on the UTC calendar; a bare date or time means UTC, whatever the
    session's TimeZone (here UTC+14, which would move the instant 14 hours back)."""
    gdpr, _ = _open_two(installed_db)
    with psycopg.connect(installed_db) as conn:
        due = conn.execute("SELECT due_at FROM privacy.requests WHERE id = %s", (gdpr,)).fetchone()[0]
    an_hour_late = (due.astimezone(timezone.utc) + timedelta(hours=1)).replace(tzinfo=None).isoformat()
    env = {**os.environ, "PGTZ": "Pacific/Kiritimati"}
    listed = cli("requests", "--dsn", installed_db, "--as-of", an_hour_late, "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    assert {row["id"]: row["overdue"] for row in json.loads(listed.stdout)}[gdpr] is True
    table = cli("requests", "--dsn", installed_db, "--as-of", an_hour_late, env=env)
    assert table.stdout.rstrip().endswith(f"as of {an_hour_late[:16].replace('T', ' ')} UTC")
