"""The live dashboard of `pg-governance serve`, in headless Chromium (Debian's `chromium`):
the numbers the page shows come from the compliance.dashboard_* views read as the key's
role, and change while the page stays open (no reload). A screenshot is kept as a test
artifact in tests/output/ (PG_GOVERNANCE_TEST_OUTPUT overrides the directory)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
from html.parser import HTMLParser
from pathlib import Path

import psycopg
import pytest
import requests
from conftest import REPO
from serve_fixtures import AUDITOR_KEY, PIPELINE_KEY

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
OUTPUT = Path(os.environ.get("PG_GOVERNANCE_TEST_OUTPUT", REPO / "tests" / "output"))
pytestmark = pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                                reason="Debian's chromium is not installed (.ci/run installs it)")


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # One lean process: no GPU, no sandbox (CI runs as root), a throwaway profile.
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                           "--no-first-run", "--disable-extensions", f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120)


class Cards(HTMLParser):
    """Text by element id, and the framework rows of the scores table."""

    def __init__(self) -> None:
        super().__init__()
        self.text: dict[str, str] = {}
        self.frameworks: list[str] = []
        self.refreshes = 0
        self._open: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and attrs.get("data-framework"):
            self.frameworks.append(attrs["data-framework"])
        if attrs.get("id") == "status" and attrs.get("data-refreshes"):
            self.refreshes = int(attrs["data-refreshes"])
        if tag not in ("br", "input", "meta"):
            self._open.append(attrs.get("id"))

    def handle_endtag(self, tag):
        if self._open and tag not in ("br", "input", "meta"):
            self._open.pop()

    def handle_data(self, data):
        for element in self._open:
            if element:
                self.text[element] = self.text.get(element, "") + data


def failed_login(conn: psycopg.Connection) -> None:
    conn.execute("SELECT audit.log_event('login', 'login', 'user', 'mallory', success => false)")


def test_the_page_shows_the_views_numbers_and_refreshes_without_reload(server, tmp_path):
    with psycopg.connect(server.dsn, autocommit=True) as conn:
        for _ in range(2):
            failed_login(conn)
        conn.execute("SELECT audit.log_event('access_denied', 'select', 'table', 'app.patients', success => false)")
        conn.execute("SELECT privacy.log_phi_access('patient-7', break_glass_reason => 'unconscious in ER')")
        conn.execute("SELECT privacy.open_request('c-1', 'access')")
        conn.execute("SELECT compliance.snapshot()")
        expected = conn.execute("SELECT to_jsonb(s) FROM compliance.dashboard_security s").fetchone()[0]
    served_before = len(server.log)

    # While the page is open: more failed logins after its first refresh.
    def more_failures() -> None:
        server.wait_for(lambda e: e.get("path") == "/api/v1/dashboard" and e.get("status") == 200, timeout=60)
        with psycopg.connect(server.dsn, autocommit=True) as conn:
            for _ in range(3):
                failed_login(conn)
    changer = threading.Thread(target=more_failures)
    changer.start()
    page = chromium(tmp_path / "profile", "--virtual-time-budget=20000", "--dump-dom",
                    f"{server.url}/dashboard#key={AUDITOR_KEY}")
    changer.join(timeout=60)
    assert page.returncode == 0, page.stderr[-2000:]
    cards = Cards()
    cards.feed(page.stdout)

    value = {name: cards.text.get(name, "").split(")")[-1].strip() for name in cards.text}
    assert "Failed logins (24 h)" in cards.text["failed_logins"]
    assert value["failed_logins"].endswith(str(expected["failed_logins"] + 3))  # changed while open
    assert value["denials"].endswith("1") and value["break_glass"].endswith("1")
    assert value["phi_reads"].endswith("1") and value["requests_open"].endswith("1")
    assert value["chain"].endswith("intact")
    assert cards.text["role"] == "as governance_auditor"
    assert {"gdpr", "hipaa", "soc2"} <= set(cards.frameworks)
    assert cards.refreshes >= 2
    requests_made = [(e["path"], e["status"]) for e in server.log[served_before:] if e.get("event") == "request"]
    assert requests_made.count(("/dashboard", 200)) == 1  # loaded once, never reloaded
    assert requests_made.count(("/api/v1/dashboard", 200)) >= 2

    OUTPUT.mkdir(parents=True, exist_ok=True)
    shot = OUTPUT / "dashboard.png"
    picture = chromium(tmp_path / "profile", "--virtual-time-budget=3000", "--window-size=1100,760",
                       f"--screenshot={shot}", f"{server.url}/dashboard#key={AUDITOR_KEY}")
    assert picture.returncode == 0 and shot.stat().st_size > 10_000, picture.stderr[-2000:]


def test_a_key_whose_role_may_not_read_the_views_gets_403_and_the_page_says_so(server, tmp_path):
    response = requests.get(f"{server.url}/api/v1/dashboard", headers={"Authorization": f"Bearer {PIPELINE_KEY}"},
                            timeout=10)
    assert response.status_code == 403 and "governance_app" in response.json()["message"]
    assert requests.get(f"{server.url}/api/v1/dashboard", timeout=10).status_code == 401
    page = chromium(tmp_path / "profile", "--virtual-time-budget=3000", "--dump-dom",
                    f"{server.url}/dashboard#key={PIPELINE_KEY}")
    assert re.search(r"Cannot load the dashboard: role governance_app may not read", page.stdout)
