"""How the installer and its commands stop, and the exit code of each way.

0  success (for --dry-run: what would be done was printed)
1  failed: an operation failed, the server could not be reached, or a gate tripped
   (check --fail-on, requests --fail-on-overdue, status found drift)
2  bad usage or refused: a wrong argument, a missing privilege, a precondition not met;
   nothing was changed
130  interrupted (Ctrl-C)
"""
from __future__ import annotations

import psycopg

EXIT_OK, EXIT_FAILED, EXIT_REFUSED, EXIT_INTERRUPTED = 0, 1, 2, 130

# SQLSTATE classes that mean "the server refused this request as asked" (bad data,
# integrity, a wrong name or a missing privilege, an object not ready, no such row):
# the caller must change something, so they exit 2 like any other refusal. Every other
# class (connection, resources, internal errors) is a failure, exit 1.
REFUSED_SQLSTATE_CLASSES = ("22", "23", "42", "55", "P0")


class UsageError(Exception):
    """An argument is wrong before anything reached the database. Exit code 2."""


class Refused(Exception):
    """Nothing was changed: a precondition is not met. Exit code 2."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class CannotConnect(Exception):
    """The server could not be reached or did not accept the login. Exit code 1."""


class MigrationFailed(Exception):
    """A migration failed; the run was rolled back. Exit code 1."""

    def __init__(self, name: str, line: int, cause: psycopg.Error):
        diag = cause.diag
        parts = [f"{name}:{line}: {diag.severity or 'ERROR'} {diag.sqlstate or ''}: {diag.message_primary or cause}"]
        parts += diagnostics(cause, context=True)
        super().__init__("\n".join(parts))
        self.name = name
        self.line = line


def diagnostics(exc: psycopg.Error, context: bool = False) -> list[str]:
    """The server's detail and hint (and where it happened) as indented lines."""
    diag = exc.diag
    fields = [("detail", diag.message_detail), ("hint", diag.message_hint)]
    if context:
        fields.append(("context", diag.context))
    return [f"  {label}: {text}" for label, text in fields if text]


def is_refusal(exc: psycopg.Error) -> bool:
    return (exc.diag.sqlstate or "")[:2] in REFUSED_SQLSTATE_CLASSES
