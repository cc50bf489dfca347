"""maintain's retention step: each rule's due rows, one transaction per batch.

privacy.apply_retention does one batch; this loop runs it until the table is done, so a
concurrent writer waits for one batch at most. A batch that cannot get its locks within
the lock timeout (55P03) changed nothing; it is tried again a few times, then the table
is left for the next run (resumable: what was committed stays done).
"""
from __future__ import annotations

import sys
import time
from typing import Any, TextIO

import psycopg

from installer.api.governance import Governance
from installer.engine.encryption_batches import progress_bar

LOCK_RETRIES = 3


def dry_run(gov: Governance, out: TextIO = sys.stdout) -> None:
    for plan in gov.retention_plan():
        hold = f"; legal hold: {plan['legal_hold']}" if plan["legal_hold"] else ""
        print(f"retention: {plan['table_name']}: would {plan['action']} {plan['due']} row(s) older than "
              f"{plan['keep_for']}, {plan['held']} held by a child{hold}", file=out)
        for child in plan["children"]:
            print(f"  then {child['table']} (via {child['via']}): {child['action']}", file=out)


def apply_all(conn: psycopg.Connection, batch_size: int, lock_timeout: float,
              out: TextIO = sys.stdout, progress: TextIO = sys.stderr) -> list[dict[str, Any]]:
    """Applies every rule (conn in autocommit mode: each batch commits). Returns one summary per table."""
    gov = Governance(conn)
    summaries = []
    for plan in gov.retention_plan():
        table, total = plan["table_name"], plan["due"]
        rows, batches, waits, children = 0, 0, 0, {}
        started = time.monotonic()
        while True:
            try:
                result = gov.apply_retention(table, batch_size, f"{lock_timeout} seconds")
            except psycopg.errors.LockNotAvailable:
                waits += 1
                if waits > LOCK_RETRIES:
                    print(f"\nretention: {table}: locks not granted {waits} times within {lock_timeout:g} s; "
                          "the rest is left for the next run", file=progress)
                    break
                continue
            batches += 1
            rows += result["rows"]
            for child in result["children"]:
                children[child["table"]] = children.get(child["table"], 0) + child["rows"]
            print(f"\rretention: {table} {progress_bar(rows, max(total, rows))}", end="", file=progress, flush=True)
            if result["done"]:
                break
        print(file=progress)
        seconds = time.monotonic() - started
        summary = {"table": table, "action": plan["action"], "rows": rows, "batches": batches,
                   "children": children, "seconds": seconds, "held": plan["held"], "legal_hold": plan["legal_hold"]}
        summaries.append(summary)
        extra = "".join(f", {count} in {child}" for child, count in children.items())
        hold = f" (legal hold: {plan['legal_hold']})" if plan["legal_hold"] else ""
        print(f"retention: {table}: {rows} row(s) {'deleted' if plan['action'] == 'delete' else 'anonymized'}"
              f"{extra} in {batches} batch(es), {seconds:.1f} s{hold}", file=out)
    return summaries
