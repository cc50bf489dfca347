"""The two ways the installer stops, mapped to exit codes by the CLI."""
from __future__ import annotations

import psycopg


class Refused(Exception):
    """Nothing was changed: a precondition is not met. Exit code 2."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class MigrationFailed(Exception):
    """A migration failed and was rolled back. Exit code 1."""

    def __init__(self, name: str, line: int, cause: psycopg.Error):
        diag = cause.diag
        parts = [f"{name}:{line}: {diag.severity or 'ERROR'} {diag.sqlstate or ''}: {diag.message_primary or cause}"]
        parts += [f"  {label}: {text}" for label, text in
                  (("detail", diag.message_detail), ("hint", diag.message_hint), ("context", diag.context)) if text]
        super().__init__("\n".join(parts))
        self.name = name
        self.line = line
