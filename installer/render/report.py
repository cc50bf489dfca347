"""`python -m installer report`: a self-contained HTML compliance report.

Everything is inline (CSS, SVG charts), no scripts and no network, so the file can be
mailed to an auditor or archived as evidence. Sections that read other modules (privacy
requests, audit activity, lineage) say so when the module is not installed.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from html import escape
from pathlib import Path

import psycopg

from installer.api.compliance import SEVERITIES, CheckResult
from installer.api.governance import Governance
from installer.render.check_output import grant_for, not_evaluated_reason
from installer.render.svg import bar_chart, column_chart, line_chart

FRAMEWORKS = ("gdpr", "ccpa", "hipaa", "soc2", "security")
FRAMEWORK_NAMES = {"gdpr": "GDPR", "ccpa": "CCPA", "hipaa": "HIPAA", "soc2": "SOC 2", "security": "Security (CIS)"}


@dataclass
class Optional_:
    """Rows of a section that depends on another module, or why there are none."""

    rows: list[tuple] = field(default_factory=list)
    unavailable: str | None = None


@dataclass
class ReportData:
    database: str
    role: str
    version: str | None
    generated_at: datetime
    results: list[CheckResult]
    descriptions: dict[str, str]
    trend: list[tuple[datetime, str, float | None]]
    waivers: list[tuple]
    overdue: Optional_
    audit_activity: Optional_
    pii_lineage: Optional_
    inventory: Optional_
    mappings: list[tuple[str, str]]
    categories: dict[str, int]


def collect(conn: psycopg.Connection) -> ReportData:
    gov = Governance(conn)
    return ReportData(
        database=conn.info.dbname,
        role=conn.execute("SELECT CURRENT_USER").fetchone()[0],
        version=gov.version(),
        generated_at=datetime.now(timezone.utc),
        results=gov.run_checks(),
        descriptions=dict(conn.execute("SELECT id, description FROM compliance.checks").fetchall()),
        trend=conn.execute("SELECT taken_at, framework, score::float8 FROM compliance.trend "
                           "ORDER BY snapshot_id, framework").fetchall(),
        waivers=conn.execute("SELECT check_id, reason, approved_by, expires_at FROM compliance.active_waivers "
                             "ORDER BY expires_at").fetchall(),
        overdue=_optional(conn, "privacy.overdue_requests",
                          "SELECT pg_catalog.to_jsonb(r) FROM privacy.overdue_requests r LIMIT 50"),
        audit_activity=_optional(conn, "audit.changes", """
            SELECT pg_catalog.to_char(d, 'MM-DD'), count(c.*)::int
              FROM pg_catalog.generate_series(pg_catalog.date_trunc('day', pg_catalog.now()) - interval '13 days',
                                              pg_catalog.date_trunc('day', pg_catalog.now()), interval '1 day') d
              LEFT JOIN audit.changes c ON c.occurred_at >= d AND c.occurred_at < d + interval '1 day'
             GROUP BY d ORDER BY d"""),
        # Assets stand for tables by relid (their names are OpenLineage's db.schema.table);
        # only current edges (valid_to IS NULL: a removed edge is closed, not deleted), from
        # the classified tables and on downstream, each edge once.
        pii_lineage=_optional(conn, "lineage.edges", """
            WITH RECURSIVE reach (id, origin, depth) AS (
                SELECT a.id, a.name, 0 FROM lineage.assets a
                 WHERE a.relid IN (SELECT ct.table_oid FROM compliance.classified_tables ct)
                UNION
                SELECT e.target_id, r.origin, r.depth + 1
                  FROM reach r JOIN lineage.edges e ON e.source_id = r.id AND e.valid_to IS NULL
                 WHERE r.depth < 10)
            SELECT s.name, e.transformation_type, t.name, t.asset_type, pg_catalog.min(r.origin)
              FROM (SELECT DISTINCT ON (r.id) r.id, r.origin FROM reach r ORDER BY r.id, r.depth) r
              JOIN lineage.edges e ON e.source_id = r.id AND e.valid_to IS NULL
              JOIN lineage.assets s ON s.id = e.source_id
              JOIN lineage.assets t ON t.id = e.target_id
             GROUP BY s.name, e.transformation_type, t.name, t.asset_type
             ORDER BY 5, 1, 3
             LIMIT 200"""),
        inventory=_optional(conn, "compliance.records_of_processing", """
            SELECT pg_catalog.format('%I.%I', r.schema_name, r.table_name), r.column_name::text, r.category,
                   r.sensitivity, r.purposes, r.erasure, r.retention, r.readers, r.audited, r.encrypted, r.isolated
              FROM compliance.records_of_processing r
             ORDER BY r.schema_name, r.table_name, r.column_name"""),
        mappings=conn.execute("SELECT check_id, framework FROM compliance.check_mappings").fetchall(),
        categories=dict(conn.execute("SELECT category, count(*)::int FROM governance.classified_columns "
                                     "GROUP BY category").fetchall()),
    )


def _optional(conn: psycopg.Connection, relation: str, query: str) -> Optional_:
    if conn.execute("SELECT pg_catalog.to_regclass(%s) IS NULL", (relation,)).fetchone()[0]:
        return Optional_(unavailable=f"{relation} does not exist: its module is not installed.")
    try:
        with conn.transaction():
            return Optional_(rows=conn.execute(query).fetchall())
    except psycopg.Error as exc:
        return Optional_(unavailable=f"{relation} could not be read: {exc.diag.message_primary}")


@dataclass
class Score:
    """A framework's share of applicable checks that pass, with the counts behind it."""

    passed: int
    applicable: int
    not_evaluated: int
    no_data: str | None  # why the framework has nothing to look at, when it has not

    @property
    def percent(self) -> float | None:
        return None if self.no_data or not self.applicable else 100 * self.passed / self.applicable

    @property
    def label(self) -> str:
        if self.no_data:
            return f"no applicable data: {self.no_data}"
        if not self.applicable:
            return f"not evaluated ({self.not_evaluated} checks could not run)"
        return f"{self.passed} of {self.applicable} applicable checks pass" + (
            f", {self.not_evaluated} not evaluated" if self.not_evaluated else "")


# The personal data a framework is about: with none of it classified, its checks pass
# because there is nothing to look at, which is no score.
FRAMEWORK_DATA = {"gdpr": ("personal data", None), "ccpa": ("personal information", None),
                  "hipaa": ("health data (PHI)", "health")}


def scores(results: list[CheckResult], mappings: list[tuple[str, str]] = (),
           categories: dict[str, int] | None = None) -> dict[str, Score]:
    """Per framework: its own checks and those mapped to it (compliance.check_mappings)."""
    mapped = {(check, framework) for check, framework in mappings}
    categories = categories or {}
    out: dict[str, Score] = {}
    for framework in FRAMEWORKS:
        mine = [r for r in results if r.framework == framework or (r.check_id, framework) in mapped]
        applicable = [r for r in mine if r.status in ("pass", "fail", "warn")]
        no_data = None
        if framework in FRAMEWORK_DATA:
            what, category = FRAMEWORK_DATA[framework]
            present = categories.get(category, 0) if category else sum(categories.values())
            if not present:
                no_data = f"no {what} is classified" + (f" (category {category})" if category else "")
        out[framework] = Score(sum(r.status == "pass" for r in applicable), len(applicable),
                               len(mine) - len(applicable), no_data)
    return out


def first_steps(data: ReportData) -> list[str]:
    """What to do first, in order, as HTML fragments: setup before remediation."""
    steps = []
    by_id = {r.check_id: r for r in data.results}
    catalog = by_id.get("gdpr.catalog_empty")
    if catalog and catalog.status != "pass":
        steps.append("<b>Classify your personal data.</b> Most privacy checks start from the data catalog and have "
                     "nothing to look at yet. Review what discovery proposes with <code>SELECT * FROM "
                     "governance.accept_proposals('public', dry_run => true);</code>, then accept it without "
                     "<code>dry_run</code>, or tag columns one by one: "
                     "<code>SELECT governance.classify('public.customers', 'email', 'contact');</code>")
    waiting = sorted({m for r in data.results if r.status == "not_applicable" for m in r.evidence["missing"]})
    if waiting:
        count = sum(r.status == "not_applicable" for r in data.results)
        steps.append(f"<b>{count} checks wait for modules that are not installed</b> (they need "
                     f"{escape(', '.join(waiting))}). They are not counted in the scores.")
    # A skipped check whose waiver accepts that it cannot run here is said once (the waiver), not here.
    unaccepted = [r for r in data.results if r.status == "skipped" and not r.waiver]
    skipped = sorted({p for r in unaccepted for p in r.evidence.get("missing_privileges", [])})
    refused = sorted({r.evidence["permission_denied"] for r in unaccepted if "permission_denied" in r.evidence})
    if skipped or refused:
        reasons = [f"the connected role lacks {escape('; '.join(skipped))}"] if skipped else []
        reasons += [f"the server refused it ({escape('; '.join(refused))})"] if refused else []
        grants = "".join(f" <code>{escape(grant_for(p).replace('<role>', data.role))};</code>" for p in skipped)
        steps.append(f"<b>Some checks were skipped</b>: {' and '.join(reasons)}. "
                     "Run the report as a role that has them to see the full picture"
                     + (f" (for the connected role:{grants})" if skipped else "")
                     + ". A skipped check is never a pass: <code>check --fail-on</code> fails on it unless "
                       "<code>--allow-skipped CHECK_ID</code> or a waiver (<code>compliance.waive</code>) accepts "
                       "that it cannot run here.")
    broken = [r.check_id for r in unaccepted if "error" in r.evidence]
    if broken:
        steps.append(f"<b>{len(broken)} checks could not run</b> ({escape(', '.join(broken))}): their errors are "
                     "listed at the end. A check that cannot run is never counted as passing.")
    urgent = [r for r in data.results if r.status == "fail" and r.severity in ("critical", "high")]
    if urgent:
        steps.append(f"<b>Fix the {len(urgent)} critical and high failures</b> listed below, most severe first; "
                     "each comes with the SQL or setting that fixes it.")
    if len({taken for taken, _, _ in data.trend}) < 2:
        steps.append("<b>Take a snapshot regularly</b> (<code>SELECT compliance.snapshot();</code>, e.g. daily from "
                     "cron) so this report can show trends.")
    return steps


def render(data: ReportData) -> str:
    counts = Counter(r.status for r in data.results)
    score = scores(data.results, data.mappings, data.categories)
    body = [
        f"<h1>Compliance report</h1><p class=meta>Database <b>{escape(data.database)}</b>, pg-governance "
        f"{escape(data.version or '?')}, generated {data.generated_at:%Y-%m-%d %H:%M} UTC. "
        + ", ".join(f"{counts[s]} {s.replace('_', ' ')}" for s in ("pass", "fail", "warn", "skipped", "not_applicable"))
        + ".</p>",
    ]
    steps = first_steps(data)
    if steps:
        body.append('<section id="start"><h2>What to do first</h2><ol>'
                    + "".join(f"<li>{s}</li>" for s in steps) + "</ol></section>")
    body.append('<section id="scores"><h2>Score per framework</h2><p class=note>Share of applicable checks that '
                'pass, with the counts; checks whose module is missing or that were skipped are left out, and a '
                'framework whose data is not classified has no score. SOC 2 counts the security checks of its '
                'controls too.</p>'
                + bar_chart([(FRAMEWORK_NAMES[f], score[f].percent, score[f].label) for f in FRAMEWORKS],
                            "Score per framework")
                + _table(["framework", "score", "counts"],
                         [(FRAMEWORK_NAMES[f], "-" if score[f].percent is None else f"{score[f].percent:.0f}%",
                           score[f].label) for f in FRAMEWORKS]) + "</section>")
    body.append(_checks_section("failures", "Failed checks", [r for r in data.results if r.status == "fail"], data))
    body.append(_checks_section("warnings", "Warnings and waived failures",
                                [r for r in data.results if r.status == "warn"], data))
    body.append(_waivers_section(data))
    body.append(_inventory_section(data.inventory))
    body.append(_trend_section(data))
    body.append(_overdue_section(data.overdue))
    body.append(_audit_section(data.audit_activity))
    body.append(_lineage_section(data.pii_lineage))
    body.append(_not_evaluated_section(data.results))
    return TEMPLATE.format(title=escape(f"Compliance report: {data.database}"), body="\n".join(body))


def _trend_section(data: ReportData) -> str:
    times = sorted({taken for taken, _, _ in data.trend})
    if len(times) < 2:
        return ('<section id="trend"><h2>Trend</h2><p class=empty>Fewer than two snapshots: take them with '
                '<code>SELECT compliance.snapshot();</code></p></section>')
    values = {(taken, framework): s for taken, framework, s in data.trend}
    series = {FRAMEWORK_NAMES[f]: [(f"{t:%m-%d %H:%M}", values.get((t, f))) for t in times]
              for f in FRAMEWORKS if any(values.get((t, f)) is not None for t in times)}
    return f'<section id="trend"><h2>Trend</h2>{line_chart(series, "Score per framework over time")}</section>'


def _checks_section(anchor: str, title: str, results: list[CheckResult], data: ReportData) -> str:
    if not results:
        return f'<section id="{anchor}"><h2>{title}</h2><p class=empty>None.</p></section>'
    results = sorted(results, key=lambda r: (-SEVERITIES.index(r.severity), r.framework, r.check_id))
    cards = []
    for r in results:
        items = r.evidence if isinstance(r.evidence, list) else [r.evidence]
        waiver = (f"<p class=waiver>Waived by {escape(r.waiver['approved_by'])} until {escape(str(r.waiver['expires_at']))}"
                  f": {escape(r.waiver['reason'])}</p>" if r.waiver else "")
        cards.append(
            f'<article class="check {r.status}"><h3><span class="sev {r.severity}">{r.severity}</span> '
            f'{escape(r.title)}</h3><p class=control>{escape(FRAMEWORK_NAMES[r.framework])} · {escape(r.control)} · '
            f'<code>{escape(r.check_id)}</code></p><p>{escape(data.descriptions.get(r.check_id, ""))}</p>{waiver}'
            f'<div class=evidence><p class=evidence-title>Evidence ({len(items)} item(s)):</p>{_evidence(items)}</div>'
            f'<p class=remedy><b>Remedy:</b> {escape(r.remedy)}</p></article>')
    return f'<section id="{anchor}"><h2>{title} ({len(results)})</h2>{"".join(cards)}</section>'


def _evidence(items: list) -> str:
    """Evidence as a table, one row per offending object, when the items are records (as
    check queries return them); otherwise one JSON line per item. Always visible, so that
    it prints."""
    if items and all(isinstance(i, dict) for i in items):
        keys = list(dict.fromkeys(k for i in items for k in i))
        def cell(v: object) -> str:
            return "" if v is None else v if isinstance(v, str) else json.dumps(v, default=str, ensure_ascii=False)
        return _table(keys, [tuple(cell(i.get(k)) for k in keys) for i in items], "evidence-table")
    return "<pre>" + escape("\n".join(json.dumps(i, default=str, ensure_ascii=False) for i in items)) + "</pre>"


def _table(headers: list[str], rows: list[tuple], cls: str = "") -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>" for row in rows)
    return f"<table{f' class={cls}' if cls else ''}><tr>{head}</tr>{body}</table>"


def _waivers_section(data: ReportData) -> str:
    if not data.waivers:
        return '<section id="waivers"><h2>Active waivers</h2><p class=empty>None.</p></section>'
    return ('<section id="waivers"><h2>Active waivers</h2>'
            + _table(["check", "reason", "approved by", "expires"], data.waivers) + "</section>")


def _overdue_section(overdue: Optional_) -> str:
    if overdue.unavailable:
        return f'<section id="overdue"><h2>Overdue requests</h2><p class=empty>{escape(overdue.unavailable)}</p></section>'
    if not overdue.rows:
        return '<section id="overdue"><h2>Overdue requests</h2><p class=empty>None.</p></section>'
    rows = [r[0] for r in overdue.rows]
    keys = list(rows[0].keys())
    return ('<section id="overdue"><h2>Overdue requests</h2>'
            + _table(keys, [tuple(r.get(k) for k in keys) for r in rows]) + "</section>")


def _audit_section(activity: Optional_) -> str:
    if activity.unavailable:
        return f'<section id="audit"><h2>Audit activity</h2><p class=empty>{escape(activity.unavailable)}</p></section>'
    return ('<section id="audit"><h2>Audit activity (changes per day, last 14 days)</h2>'
            + column_chart(activity.rows, "Audited changes per day") + "</section>")


def _lineage_section(lineage: Optional_) -> str:
    if lineage.unavailable:
        return f'<section id="lineage"><h2>Lineage of personal data</h2><p class=empty>{escape(lineage.unavailable)}</p></section>'
    if not lineage.rows:
        return ('<section id="lineage"><h2>Lineage of personal data</h2><p class=empty>No lineage recorded from '
                'classified tables: register them (<code>lineage.register_table</code>) and their consumers.</p></section>')
    return ('<section id="lineage"><h2>Lineage of personal data</h2><p class=note>Current edges from the classified '
            f'tables, and on downstream ({len(lineage.rows)} edges).</p>'
            + _table(["source", "transformation", "target", "target type", "personal data from"], lineage.rows)
            + "</section>")


def _yes_no(value: object) -> str:
    return "yes" if value is True else "no" if value is False else ""


def _inventory_section(inventory: Optional_) -> str:
    title = "Inventory of personal data (records of processing, GDPR Art. 30)"
    if inventory.unavailable:
        return f'<section id="inventory"><h2>{title}</h2><p class=empty>{escape(inventory.unavailable)}</p></section>'
    if not inventory.rows:
        return (f'<section id="inventory"><h2>{title}</h2><p class=empty>No column is classified yet: '
                "<code>SELECT * FROM governance.discover_pii('public');</code> proposes them.</p></section>")
    rows = [(table, column, category, sensitivity, ", ".join(purposes) or "none guarded", erasure,
             retention or "not set", ", ".join(readers), _yes_no(audited), _yes_no(encrypted), _yes_no(isolated))
            for table, column, category, sensitivity, purposes, erasure, retention, readers, audited, encrypted, isolated
            in inventory.rows]
    tables = len({r[0] for r in rows})
    counted = {name: sum(r[i] == "yes" for r in rows) for name, i in (("audited", 8), ("encrypted", 9), ("isolated", 10))}
    return (f'<section id="inventory"><h2>{title}</h2><p class=note>{len(rows)} classified columns in {tables} tables: '
            + ", ".join(f"{n} of {len(rows)} {name}" for name, n in counted.items())
            + ". Readers are the roles granted SELECT on the table or column and its owner (superusers and members of "
              "pg_read_all_data read everything). <code>pg-governance inventory --format csv</code> exports it.</p>"
            + _table(["table", "column", "category", "sensitivity", "purposes", "erasure", "retention", "readers",
                      "audited", "encrypted", "isolated"], rows) + "</section>")


def _not_evaluated_section(results: list[CheckResult]) -> str:
    rows = [(r.check_id, r.status.replace("_", " "), not_evaluated_reason(r))
            for r in results if r.status in ("not_applicable", "skipped")]
    passed = [(r.check_id, r.title) for r in results if r.status == "pass"]
    return ('<section id="other"><h2>Passed and not evaluated</h2>'
            f'<h3>{len(passed)} passed</h3>{_table(["check", "title"], passed)}'
            f'<h3>{len(rows)} not evaluated</h3>{_table(["check", "status", "why"], rows)}</section>')


def write_report(conn: psycopg.Connection, output: str | Path) -> str:
    data = collect(conn)
    Path(output).write_text(render(data), encoding="utf-8")
    counts = Counter(r.status for r in data.results)
    return f"{counts['fail']} failed, {counts['warn']} warnings, {counts['pass']} passed of {len(data.results)} checks"


TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font: 14px/1.45 system-ui, sans-serif; color: #111827; max-width: 980px; margin: 2em auto; padding: 0 1em; }}
h1 {{ margin-bottom: .2em; }} h2 {{ border-bottom: 1px solid #e5e7eb; padding-bottom: .2em; margin-top: 1.6em; }}
.meta, .note, .control {{ color: #4b5563; }} .empty {{ color: #6b7280; font-style: italic; }}
#start {{ background: #eff6ff; border: 1px solid #bfdbfe; padding: .2em 1em; border-radius: 6px; }}
.check {{ border: 1px solid #e5e7eb; border-left-width: 5px; padding: .3em 1em; margin: .8em 0; border-radius: 4px; }}
.check.fail {{ border-left-color: #dc2626; }} .check.warn {{ border-left-color: #d97706; }}
.check h3 {{ margin: .3em 0; font-size: 15px; }}
.sev {{ font-size: 11px; text-transform: uppercase; padding: 1px 6px; border-radius: 3px; color: #fff; }}
.sev.critical {{ background: #7f1d1d; }} .sev.high {{ background: #dc2626; }}
.sev.medium {{ background: #d97706; }} .sev.low {{ background: #6b7280; }}
.waiver {{ background: #fffbeb; padding: .3em .6em; }}
pre {{ background: #f9fafb; padding: .6em; overflow-x: auto; font-size: 12px; }}
code {{ background: #f3f4f6; padding: 0 3px; }}
table {{ border-collapse: collapse; margin: .5em 0; }} td, th {{ border: 1px solid #e5e7eb; padding: 3px 8px; text-align: left; }}
.chart {{ max-width: 100%; height: auto; }}
.evidence-title {{ margin: .4em 0 0; font-weight: 600; }}
.evidence-table {{ font-size: 12px; }} .evidence-table td {{ font-family: ui-monospace, monospace; overflow-wrap: anywhere; }}
/* On paper and in a PDF: every section and all evidence, nothing collapsed or cut off. */
@media print {{
  body {{ max-width: none; margin: 0; font-size: 10pt; }}
  #start {{ background: none; }}
  .check, tr, .chart {{ break-inside: avoid; }}
  h2, h3 {{ break-after: avoid; }}
  pre {{ white-space: pre-wrap; overflow-wrap: anywhere; overflow: visible; }}
  table {{ font-size: 9pt; }}
  .sev {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
}}
</style></head>
<body>
{body}
</body></html>
"""
