"""`forget` and `export`: data-subject requests for the DPO who does not write SQL."""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg

from installer.api.governance import Governance
from installer.cli.common import check_writable, connect
from installer.engine.encryption_batches import MASTER_KEY_ENV, master_key
from installer.engine.errors import EXIT_OK, EXIT_REFUSED, Refused

# A concurrent writer got in the way; the whole transaction was rolled back: try again.
RETRYABLE = (psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure)
ATTEMPTS = 3


def add_subject_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--subject-type", default=None, help="registered subject type (optional when only one is registered)")
    sub.add_argument("--key", required=True, help="the subject's key (e.g. the customer id)")
    sub.add_argument("--tenant", default=None,
                     help="the subject's tenant, when row-level security isolates tenants (set with "
                          "governance.set_context's rules: the connecting role must be bound to it); without it "
                          "the subject's rows are hidden and it is refused as possibly in another tenant. The "
                          "tenant is the subject table's tenant column: ask the application, or the table's "
                          "owner, whom tenant isolation does not filter (docs/erasure.md#tenants)")


def add_forget_arguments(sub: argparse.ArgumentParser) -> None:
    add_subject_arguments(sub)
    sub.add_argument("--request-id", type=int, default=None, help="the data-subject request this erasure completes")
    sub.add_argument("--dry-run", action="store_true", help="print the erasure plan and change nothing")
    sub.add_argument("--json", action="store_true", help="print the result as JSON")


def add_export_arguments(sub: argparse.ArgumentParser) -> None:
    add_subject_arguments(sub)
    sub.add_argument("--output", default="subject-export.json", help="file to write ('-' for standard output)")
    sub.add_argument("--master-key-file", help="unlock the keys with the master key in this file (default: the "
                     "PG_GOVERNANCE_MASTER_KEY environment variable, when set) so that encrypted columns are "
                     "exported as plaintext; the connecting role needs a decrypt grant on their keys")
    sub.add_argument("--encrypted", choices=("refuse", "mark"), default="refuse",
                     help="encrypted columns the keys do not open (none unlocked, no grant): refuse the export "
                          "(default, exit 2, naming them) or mark each value {\"encrypted\": true, \"key\": ...}")


def _attempt(args: argparse.Namespace, work: Callable[[Governance], Any]) -> Any:
    """Runs work in one transaction, again when a concurrent writer forced a rollback."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with connect(args.dsn) as conn:
                return work(Governance(conn))
        except RETRYABLE as exc:
            if attempt == ATTEMPTS:
                raise
            print(f"Retrying after a concurrent change ({exc.diag.message_primary})", file=sys.stderr)
    raise AssertionError("unreachable")


def _cmd_forget(args: argparse.Namespace) -> int:
    if args.dry_run:
        plan = _attempt(args, lambda gov: gov.erasure_plan(args.key, args.subject_type, args.tenant))
        print(json.dumps(plan, indent=2) if args.json else _describe_plan(plan))
        return EXIT_REFUSED if plan["conflicts"] else EXIT_OK
    result = _attempt(args, lambda gov: gov.gdpr_forget(args.key, args.subject_type, args.request_id, args.tenant))
    if args.json:
        print(json.dumps(result, indent=2))
    elif result["status"] == "already_erased":
        print(f"Nothing to do: this {result['subject_type']} was erased before (erasure #{result['erasure_id']}).")
    else:
        print(f"{'Partially erased' if result['status'] == 'partially_erased' else 'Erased'} "
              f"{result['subject_type']} (erasure #{result['erasure_id']}): "
              f"{result['rows_erased']} rows deleted or anonymized.")
        for table in result["tables"]:
            if table["rows"]:
                print(f"  {table['action']:9} {table['rows']:>7}  {table['table']}")
        # Personal data that stayed, and why: the erasure is partial.
        for kept in result["kept"]:
            columns = f" (classified: {', '.join(kept['classified'])})" if kept["classified"] else ""
            print(f"  kept      {kept['rows']:>7}  {kept['table']}: {kept['why']}{columns}")
    return EXIT_OK


def _describe_plan(plan: dict[str, Any]) -> str:
    lines = [f"Erasure plan for a {plan['subject_type']}"
             + ("" if plan["subject_found"] else " (no data found: forget would refuse or report a repeat)")]
    if plan["hidden_by_row_security"]:
        lines.append(f"Hidden by row-level security? {plan['hint']}")
    for table in plan["tables"]:
        lines.append(f"  {table['action']:22} {table['rows']:>7}  {table['table']}")
        lines.extend(f"{'':34}via {path}" for path in table["paths"])
    lines.extend(f"  detach {d['rows']} rows of {d['table']} ({d['columns']}, {d['how']})" for d in plan["detach"])
    lines.extend(f"CONFLICT {c['constraint']}: {c['problem']}" for c in plan["conflicts"])
    lines.extend(f"Warning: {w['warning']}" for w in plan["warnings"])
    lines.extend(f"  keep {k['rows']} rows of {k['table']}: {k['why']}"
                 + (f" (classified: {', '.join(k['classified'])})" if k["classified"] else "") for k in plan["kept"])
    if plan["expected_status"] == "partially_erased":
        lines.append("The erasure would be partial: classified values stay in the rows it keeps.")
    lines.extend(f"Kept rows keep unclassified text (review): {g['table']} {', '.join(g['columns'])}"
                 for g in plan["kept_row_gaps"])
    lines.extend(f"Not covered (no subject reaches it): {g['table']} {', '.join(g['columns'])}"
                 for g in plan["coverage_gaps"])
    return "\n".join(lines)


def _cmd_export(args: argparse.Namespace) -> int:
    if args.output != "-":
        check_writable(args.output)  # before the disclosure is made and recorded
    key = master_key(args.master_key_file) if args.master_key_file or os.environ.get(MASTER_KEY_ENV) else None
    text = _attempt(args, lambda gov: gov.gdpr_export_json(args.key, args.subject_type, args.tenant,
                                                           args.encrypted, key))
    document = json.loads(text)
    # An empty document is no answer to an access request: refuse, write nothing.
    if not document["subject_found"]:
        raise Refused([f"no data of a {document['subject_type']} with this key: nothing was written. Check the key "
                       "and the subject type; if row-level security isolates tenants, name the subject's tenant "
                       "with --tenant" + ("" if args.tenant is None else " (the rows are not visible under this one)")
                       + "; after an erasure, privacy.erasures holds its record."])
    if args.output == "-":
        print(text)
    else:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
        rows = sum(len(table["rows"]) for table in document["tables"].values())
        print(f"Wrote {rows} rows from {len(document['tables'])} tables to {args.output}")
    return EXIT_OK
