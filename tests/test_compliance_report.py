"""`report`: a self-contained HTML report, rendered in a real headless Chromium."""
from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import psycopg
import pytest

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
                  "--enable-logging=stderr", "--v=0"]


def chromium(page: Path, tmp_path: Path, *action: str) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    assert binary, "chromium is missing: apt-get install chromium"
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    return subprocess.run([binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *action, page.as_uri()],
                          capture_output=True, text=True, timeout=120)


def console_messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def png_pixels(path: Path) -> tuple[int, int, bytes]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, size = 8, b"", (0, 0)
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            size = struct.unpack(">II", chunk[:8])
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    return size[0], size[1], zlib.decompress(idat)


@pytest.fixture
def busy_db(installed_db: str) -> str:
    """Classified PHI readable by PUBLIC, an extra superuser (waived), two snapshots."""
    with psycopg.connect(installed_db, autocommit=True) as conn:
        conn.execute('CREATE TABLE public."Pa<tients>" (id int PRIMARY KEY, diagnosis text, tenant_id text)')
        conn.execute('GRANT SELECT ON public."Pa<tients>" TO PUBLIC')
        conn.execute("""SELECT governance.classify('public."Pa<tients>"', 'diagnosis', 'health', 'internal')""")
        conn.execute("SELECT compliance.snapshot()")
        conn.execute("CREATE ROLE report_extra_super SUPERUSER")
        conn.execute("SELECT compliance.snapshot()")
        conn.execute("SELECT compliance.waive('security.superusers', 'break-glass account <b>ops</b>', 'CISO', "
                     "now() + interval '30 days')")
    yield installed_db
    with psycopg.connect(installed_db, autocommit=True) as conn:
        conn.execute("DROP ROLE report_extra_super")


def test_a_fresh_install_gets_first_steps_not_a_wall_of_red(installed_db, cli, tmp_path):
    out = tmp_path / "report.html"
    result = cli("report", "--dsn", installed_db, "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert f"Wrote {out}" in result.stdout
    html = out.read_text()
    start = html.index('<section id="start">')
    steps = html[start:html.index("</section>", start)]
    assert steps.index("Classify your personal data") < steps.index("critical and high failures")
    with psycopg.connect(installed_db) as conn:
        waiting = conn.execute("SELECT count(*) FROM compliance.run_checks() WHERE status = 'not_applicable'").fetchone()[0]
    # Before the other modules are merged in, their checks wait; afterwards none do.
    assert (f"{waiting} checks wait for modules that are not installed" in steps) == (waiting > 0)
    assert "Take a snapshot regularly" in steps
    # Modules that are absent are explained, never shown as failures.
    failures = html[html.index('<section id="failures">'):html.index('<section id="warnings">')]
    assert "not_applicable" not in failures and "audit.enable" not in failures


def test_report_is_self_contained(busy_db, cli, tmp_path):
    out = tmp_path / "report.html"
    assert cli("report", "--dsn", busy_db, "--output", str(out)).returncode == 0
    html = out.read_text()
    assert not re.search(r"https?://", html), "the report must not reference the network"
    assert "<script" not in html and "<link" not in html and "<img" not in html
    assert "&lt;b&gt;ops&lt;/b&gt;" in html and "<b>ops</b>" not in html, "database values are escaped"
    assert 'Pa&lt;tients&gt;' in html


def test_report_renders_in_headless_chromium(busy_db, cli, tmp_path):
    out = tmp_path / "report.html"
    assert cli("report", "--dsn", busy_db, "--output", str(out)).returncode == 0

    dom = chromium(out, tmp_path, "--dump-dom")
    assert dom.returncode == 0, dom.stderr
    assert console_messages(dom.stderr) == []
    for section in ("scores", "trend", "failures", "warnings", "waivers", "overdue", "audit", "lineage"):
        assert f'id="{section}"' in dom.stdout
    charts = re.findall(r'<svg class="chart"[^>]*aria-label="([^"]+)"', dom.stdout)
    assert {"Score per framework", "Score per framework over time"} <= set(charts)
    assert len(re.findall(r'<polyline class="series"', dom.stdout)) >= 2, "one trend line per evaluated framework"
    assert "PHI readable by every role (PUBLIC)" in dom.stdout
    assert "Waived by CISO" in dom.stdout

    shot = tmp_path / "report.png"
    result = chromium(out, tmp_path, "--window-size=1100,1800", f"--screenshot={shot}")
    assert result.returncode == 0, result.stderr
    assert console_messages(result.stderr) == []
    width, height, pixels = png_pixels(shot)
    assert (width, height) == (1100, 1800)
    assert len(set(pixels)) > 50, "the page rendered something besides a blank background"


def test_the_console_check_catches_errors(tmp_path):
    page = tmp_path / "broken.html"
    page.write_text('<html><body><script>console.error("deliberate")</script></body></html>')
    result = chromium(page, tmp_path, "--dump-dom")
    assert any("deliberate" in line for line in console_messages(result.stderr))
