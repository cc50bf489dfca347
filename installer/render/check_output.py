"""`check` output: a table for people, JSON and JUnit XML for CI pipelines."""
from __future__ import annotations

import json
import textwrap
from collections import Counter
from dataclasses import asdict
from itertools import groupby
from xml.etree import ElementTree as ET

from installer.api.compliance import SEVERITIES, CheckResult

STATUSES = ("fail", "warn", "skipped", "pass", "not_applicable")


def at_or_above(severity: str, threshold: str) -> bool:
    return SEVERITIES.index(severity) >= SEVERITIES.index(threshold)


def gate_failures(results: list[CheckResult], fail_on: str, allow_skipped: frozenset[str] = frozenset()) -> list[CheckResult]:
    """Checks at or above the --fail-on severity that trip the gate ('none' never fails it):
    the failed ones, and the skipped ones that neither --allow-skipped names nor a waiver
    accepts. A check that cannot run is never a pass: the gate cannot tell its control is met."""
    if fail_on == "none":
        return []
    return [r for r in results if at_or_above(r.severity, fail_on)
            and (r.status == "fail"
                 or (r.status == "skipped" and r.check_id not in allow_skipped and not r.waiver))]


def gate_message(failures: list[CheckResult], fail_on: str) -> str:
    """Why the gate tripped, for stderr: the failed checks, then the skipped ones with what
    would let them run and how to accept that they cannot."""
    failed = [r.check_id for r in failures if r.status == "fail"]
    skipped = [r for r in failures if r.status == "skipped"]
    lines = []
    if failed:
        lines.append(f"{len(failed)} failed check(s) at or above {fail_on}: " + ", ".join(failed))
    if skipped:
        lines.append(f"{len(skipped)} check(s) at or above {fail_on} could not run, which is never a pass: "
                     + "; ".join(f"{r.check_id} ({not_evaluated_reason(r)})" for r in skipped))
        lines.append("Run the check as a role that has what they need, or accept that they cannot run here with "
                     + " ".join(f"--allow-skipped {r.check_id}" for r in skipped)
                     + " (or once, in the database: SELECT compliance.waive(check_id, reason, approver, expires_at))")
    return "\n".join(lines)


def failures_first(results: list[CheckResult]) -> list[CheckResult]:
    """Failed checks first, then warnings, checks that could not run, passes and checks of
    modules that are not installed; most severe first within each, then by framework and id:
    a failure is never lost among forty passes."""
    return sorted(results, key=lambda r: (STATUSES.index(r.status), -SEVERITIES.index(r.severity),
                                          r.framework, r.check_id))


def summary(results: list[CheckResult]) -> str:
    counts = Counter(r.status for r in results)
    return f"{len(results)} checks: " + ", ".join(f"{counts[s]} {s}" for s in STATUSES if counts[s])


def format_table(results: list[CheckResult]) -> str:
    lines = [f"{'STATUS':<15}{'SEVERITY':<10}{'CHECK':<42}TITLE"]
    for r in results:
        lines.append(f"{r.status:<15}{r.severity:<10}{r.check_id:<42}{r.title}")
        if r.status in ("fail", "warn"):
            if r.waiver:
                lines.append(f"{'':25}waived by {r.waiver['approved_by']} until {r.waiver['expires_at']}: "
                             f"{r.waiver['reason']}")
            lines.append(textwrap.indent(textwrap.fill(f"found: {_evidence_text(r.evidence)}", 100), " " * 25))
            lines.append(textwrap.indent(textwrap.fill(f"fix: {r.remedy}", 100), " " * 25))
        elif r.status == "skipped":
            lines.append(f"{'':25}{not_evaluated_reason(r)}")
            if r.waiver:
                lines.append(f"{'':25}accepted by {r.waiver['approved_by']} until {r.waiver['expires_at']}: "
                             f"{r.waiver['reason']}")
    lines.append(summary(results))
    return "\n".join(lines)


def not_evaluated_reason(r: CheckResult) -> str:
    """Why a not_applicable or skipped check did not run, from its evidence: for a missing
    privilege, the grant that would let it run."""
    if "error" in r.evidence:
        return f"the check failed to run: {r.evidence['error']}"
    if "permission_denied" in r.evidence:
        return f"the connected role was refused: {r.evidence['permission_denied']}"
    if "missing_privileges" in r.evidence:
        return "needs " + ", ".join(r.evidence["missing_privileges"]) + " (" + "; ".join(
            grant_for(p) for p in r.evidence["missing_privileges"]) + ")"
    return "needs " + ", ".join(r.evidence["missing"])


def grant_for(privilege: str) -> str:
    """The statement that gives the connected role a missing privilege, as
    compliance.missing_privileges words it ('membership in R', 'SELECT on X', 'EXECUTE on F')."""
    kind, _, target = privilege.partition(" on ")
    if privilege.startswith("membership in "):
        return f"GRANT {privilege.removeprefix('membership in ')} TO <role>"
    if kind == "EXECUTE":
        return f"GRANT EXECUTE ON FUNCTION {target} TO <role>"
    return f"GRANT {kind} ON {target} TO <role>"


def _evidence_text(evidence: object, limit: int = 5) -> str:
    items = evidence if isinstance(evidence, list) else [evidence]
    shown = "; ".join(json.dumps(item, default=str, ensure_ascii=False) for item in items[:limit])
    return shown + (f"; ... ({len(items)} in all)" if len(items) > limit else "")


def format_json(results: list[CheckResult]) -> str:
    return json.dumps([asdict(r) for r in results], indent=2, default=str, ensure_ascii=False)


def format_junit(results: list[CheckResult]) -> str:
    """One testsuite per framework, one testcase per check: fail is a failure, not_applicable
    and skipped are skipped, warn passes with its evidence in system-out."""
    suites = ET.Element("testsuites", name="pg-governance compliance", tests=str(len(results)),
                        failures=str(sum(r.status == "fail" for r in results)))
    for framework, group in groupby(sorted(results, key=lambda r: r.framework), key=lambda r: r.framework):
        group = list(group)
        suite = ET.SubElement(suites, "testsuite", name=framework, tests=str(len(group)),
                              failures=str(sum(r.status == "fail" for r in group)),
                              skipped=str(sum(r.status in ("skipped", "not_applicable") for r in group)))
        for r in group:
            case = ET.SubElement(suite, "testcase", classname=f"compliance.{framework}", name=r.check_id)
            detail = f"{r.title}\ncontrol: {r.control}\nevidence: {json.dumps(r.evidence, default=str)}\nremedy: {r.remedy}"
            if r.status == "fail":
                ET.SubElement(case, "failure", message=f"[{r.severity}] {r.title}", type=r.severity).text = detail
            elif r.status in ("skipped", "not_applicable"):
                ET.SubElement(case, "skipped", message=f"{r.status}: {json.dumps(r.evidence, default=str)}")
            elif r.status == "warn":
                ET.SubElement(case, "system-out").text = ("WARNING " + detail
                                                          + (f"\nwaiver: {json.dumps(r.waiver, default=str)}" if r.waiver else ""))
    return ET.tostring(suites, encoding="unicode", xml_declaration=True)
