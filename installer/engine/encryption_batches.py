"""encrypt-column and reencrypt: one transaction per batch, with a progress bar.

Each batch unlocks in its own transaction (the unlocked keys end with it), so an
interrupted run leaves committed batches behind and the next run resumes from them.
The master key comes from the environment or a file, never from the command line,
where other users of the machine could read it (ps, shell history).
"""
from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import psycopg

from installer.api.governance import Governance
from installer.engine.errors import Refused

MASTER_KEY_ENV = "PG_GOVERNANCE_MASTER_KEY"


def master_key(key_file: str | None) -> str:
    if key_file:
        try:
            key = Path(key_file).read_text().strip()
        except OSError as exc:
            raise Refused([f"cannot read --master-key-file {key_file}: {exc.strerror}"]) from exc
        if not key:
            raise Refused([f"--master-key-file {key_file} is empty"])
        return key
    key = os.environ.get(MASTER_KEY_ENV, "")
    if not key:
        raise Refused([f"no master key: set {MASTER_KEY_ENV} or pass --master-key-file FILE"])
    return key


def progress_bar(done: int, total: int, width: int = 30) -> str:
    share = 1.0 if total <= 0 else min(done / total, 1.0)
    filled = round(share * width)
    return f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} rows ({share:.0%})"


def run_batches(conn: psycopg.Connection, key: str, batch: Callable[[Governance], tuple[int, bool]],
                backlog: Callable[[Governance], int], out: TextIO = sys.stderr) -> int:
    """Runs batch() in its own transaction until it reports done; returns the rows converted."""
    gov = Governance(conn)
    total = backlog(gov)
    converted = 0
    done = False
    while not done:
        with conn.transaction():
            gov.unlock(key)
            rows, done = batch(gov)
        converted += rows
        print(f"\r{progress_bar(converted, max(total, converted))}", end="", file=out, flush=True)
    print(file=out)
    return converted
