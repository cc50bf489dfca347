"""`requests`: the DPO's list of open data-subject requests, the overdue ones first to see."""
from __future__ import annotations

import argparse
import json
from datetime import timezone
from typing import Any

from installer.api.governance import Governance
from installer.cli.common import connect, timestamp
from installer.engine.errors import EXIT_FAILED, EXIT_OK


def add_requests_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--overdue", action="store_true", help="only requests past their due date")
    sub.add_argument("--as-of", type=timestamp, default=None, metavar="TIMESTAMP",
                     help="list as of this ISO 8601 time instead of now (e.g. 2025-07-01T00:00+00:00; without a zone: UTC)")
    sub.add_argument("--json", action="store_true", help="print the rows as JSON")
    sub.add_argument("--fail-on-overdue", action="store_true", help="exit 1 when any request is overdue (a CI or cron gate)")


def _cmd_requests(args: argparse.Namespace) -> int:
    with connect(args.dsn) as conn:
        gov = Governance(conn)
        as_of = args.as_of or conn.execute("SELECT now()").fetchone()[0]
        rows = gov.open_requests_as_of(as_of)
    overdue = [row for row in rows if row["overdue"]]
    shown = overdue if args.overdue else rows
    if args.json:
        print(json.dumps(shown, default=str, indent=2))
    else:
        _print_table(shown)
        print(f"{len(rows)} open request(s), {len(overdue)} overdue, as of {as_of.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC")
    return EXIT_FAILED if args.fail_on_overdue and overdue else EXIT_OK


def _print_table(rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    print(f"{'id':>6}  {'type':16} {'law':5} {'status':11} {'received':10} {'due':10} {'days left':>9}  subject")
    for row in rows:
        flag = "  OVERDUE" if row["overdue"] else ("  extended" if row["extended"] else "")
        print(f"{row['id']:>6}  {row['request_type']:16} {row['regulation']:5} {row['status']:11} "
              f"{row['received_at']:%Y-%m-%d} {row['due_at']:%Y-%m-%d} {row['days_left']:>9}  {row['subject_key']}{flag}")
