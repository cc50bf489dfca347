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
        # Lineage from the classified table: a current edge to a feature table, a removed one to a dashboard.
        conn.execute("CREATE TABLE public.visit_features (patient int, visits int)")
        conn.execute("""SELECT lineage.add_edge(lineage.register_table('public."Pa<tients>"'),
                                                lineage.register_table('public.visit_features'), 'aggregate', '{}', 'etl')""")
        removed = conn.execute("""SELECT lineage.add_edge(lineage.register_table('public."Pa<tients>"'),
                                  lineage.register_asset('bi', 'old_dashboard', 'dashboard'), 'copy', '{}', 'etl')""").fetchone()[0]
        conn.execute("SELECT lineage.remove_edge(%s)", (removed,))
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
    for section in ("scores", "trend", "failures", "warnings", "waivers", "inventory", "overdue", "audit", "lineage"):
        assert f'id="{section}"' in dom.stdout
    charts = re.findall(r'<svg class="chart"[^>]*aria-label="([^"]+)"', dom.stdout)
    assert {"Score per framework", "Score per framework over time"} <= set(charts)
    assert len(re.findall(r'<polyline class="series"', dom.stdout)) >= 2, "one trend line per evaluated framework"
    assert "PHI readable by every role (PUBLIC)" in dom.stdout
    assert "Waived by CISO" in dom.stdout
    assert re.search(r"<th>column_name</th>.*<td>diagnosis</td>", dom.stdout), "the evidence is on the page"

    shot = tmp_path / "report.png"
    result = chromium(out, tmp_path, "--window-size=1100,1800", f"--screenshot={shot}")
    assert result.returncode == 0, result.stderr
    assert console_messages(result.stderr) == []
    width, height, pixels = png_pixels(shot)
    assert (width, height) == (1100, 1800)
    assert len(set(pixels)) > 50, "the page rendered something besides a blank background"


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return text.replace("\ufb01", "fi").replace("\ufb02", "fl")  # the fonts' ligatures


def test_report_shows_counts_inventory_lineage_and_no_score_without_data(busy_db, cli, tmp_path):
    out = tmp_path / "report.html"
    assert cli("report", "--dsn", busy_db, "--output", str(out)).returncode == 0
    html = out.read_text()
    # Every percentage has its counts beside it.
    percentages = re.findall(r"(\d+)%</tspan> ([^<]+)<", html)
    assert percentages and all(re.match(r"\d+ of \d+ applicable checks pass", note) for _, note in percentages)
    # CCPA, GDPR: personal data is classified; a framework whose data is absent has no score.
    assert "no applicable data" not in html
    lineage = html[html.index('<section id="lineage">'):html.index("</section>", html.index('<section id="lineage">'))]
    assert "public.visit_features" in lineage and "aggregate" in lineage
    assert "old_dashboard" not in lineage, "a removed edge is not lineage"
    inventory = html[html.index('<section id="inventory">'):html.index("</section>", html.index('<section id="inventory">'))]
    assert "Pa&lt;tients&gt;" in inventory and "<td>diagnosis</td><td>health</td><td>internal</td>" in inventory
    assert "PUBLIC" in inventory and "1 classified columns in 1 tables" in inventory
    # Failures come before everything but the first steps and the scores.
    assert html.index('id="failures"') < html.index('id="inventory"') < html.index('id="trend"')
    assert "<details" not in html, "nothing is collapsed: evidence must show on paper too"


def test_a_framework_without_its_data_says_so_instead_of_100_percent(installed_db, cli, tmp_path):
    with psycopg.connect(installed_db, autocommit=True) as conn:
        conn.execute("CREATE TABLE public.customers (id int PRIMARY KEY, email text)")
        conn.execute("SELECT governance.classify('public.customers', 'email', 'contact')")
    out = tmp_path / "report.html"
    assert cli("report", "--dsn", installed_db, "--output", str(out)).returncode == 0
    scores = out.read_text().split('<section id="scores">')[1].split("</section>")[0]
    hipaa = re.search(r"<tr><td>HIPAA</td><td>([^<]*)</td><td>([^<]*)</td>", scores)
    assert hipaa.groups() == ("-", "no applicable data: no health data (PHI) is classified (category health)")
    assert re.search(r"<tr><td>GDPR</td><td>\d+%</td><td>\d+ of \d+ applicable checks pass", scores)


def test_report_printed_to_pdf_shows_the_evidence(busy_db, cli, tmp_path):
    out = tmp_path / "report.html"
    assert cli("report", "--dsn", busy_db, "--output", str(out)).returncode == 0
    pdf = tmp_path / "report.pdf"
    result = chromium(out, tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    assert result.returncode == 0 and pdf.exists(), result.stderr
    text = " ".join(pdf_text(pdf).split())
    # The evidence of a failed check is printed in full, not "Evidence: n item(s)".
    assert re.search(r"Evidence \(\d+ item\(s\)\):.*column_name.*diagnosis", text), text
    assert "Lineage of personal data" in text and "visit_features" in text
    assert "Inventory of personal data" in text
    assert "applicable checks pass" in text


def test_the_console_check_catches_errors(tmp_path):
    page = tmp_path / "broken.html"
    page.write_text('<html><body><script>console.error("deliberate")</script></body></html>')
    result = chromium(page, tmp_path, "--dump-dom")
    assert any("deliberate" in line for line in console_messages(result.stderr))
