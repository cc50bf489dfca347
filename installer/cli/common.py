"""What the subcommands share: connecting, argument types, output files."""
from __future__ import annotations

import argparse
import os
from datetime import datetime, timezone
from pathlib import Path

import psycopg

from installer.engine.errors import CannotConnect, Refused, UsageError
from installer.engine.layout import SCHEMAS


def connect(dsn: str, autocommit: bool = False, installed: bool = True) -> psycopg.Connection:
    """A connection, or an error that says what to fix. installed: the pack must be there."""
    try:
        conn = psycopg.connect(dsn, autocommit=autocommit)
    except psycopg.ProgrammingError as exc:  # the connection string itself does not parse
        raise UsageError(f"--dsn {dsn!r} is not a valid connection string ({str(exc).strip()}); "
                         "write 'host=... port=... dbname=... user=...' or postgresql://user@host:port/dbname") from exc
    except psycopg.OperationalError as exc:
        raise CannotConnect(str(exc).strip()) from exc
    if installed:
        try:
            require_installed(conn)
        except BaseException:
            conn.close()
            raise
        if not autocommit:
            # The check changed nothing; the command starts outside a transaction, so a step
            # that must commit on its own (the record of an export) can.
            conn.rollback()
    return conn


def require_installed(conn: psycopg.Connection) -> None:
    # to_regnamespace needs no privilege: a role that may not use the schemas is told so
    # by the command itself, with the role it lacks.
    missing = [row[0] for row in conn.execute(
        "SELECT s FROM unnest(%s::text[]) WITH ORDINALITY AS t(s, n) "
        "WHERE pg_catalog.to_regnamespace(s) IS NULL ORDER BY n", (list(SCHEMAS),))]
    if missing:
        state = "not installed" if len(missing) == len(SCHEMAS) else \
            f"only partly installed (no schema {', '.join(missing)})"
        raise Refused([f"pg-governance is {state} in database {conn.info.dbname!r}.",
                       "Install it first: pg-governance apply --dsn '...' (pg-governance status shows what is applied)."])


def check_writable(path: str) -> None:
    """Refuses an output file that cannot be written, before any work is done."""
    parent = Path(path).resolve().parent
    if not parent.is_dir():
        raise UsageError(f"cannot write {path}: no such directory {parent}")
    if not os.access(parent, os.W_OK) or (Path(path).exists() and not os.access(path, os.W_OK)):
        raise UsageError(f"cannot write {path}: permission denied")


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive whole number, not {text!r}")
    return value


def seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds, 0 or more, not {text!r}")
    return value


def timestamp(text: str) -> datetime:
    """An ISO 8601 time; without a zone it is UTC, the calendar of the statutory deadlines
    (the session's TimeZone would silently move it)."""
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not an ISO 8601 timestamp: {text!r} (e.g. 2025-07-01 or 2025-07-01T00:00+00:00)") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
