"""Where the SQL is and what each file is.

sql/<NN>_<schema>/            one module per governance schema, applied in NN order
    versioned/<NNNN>_<name>.sql   tables and types: applied once, never edited afterwards
    functions/<name>.sql          CREATE OR REPLACE objects: re-applied when they change
    views/<name>.sql
    policies/<name>.sql           row-level security policies and triggers on the pack's tables
    seeds/<name>.sql              rows the pack ships (the compliance checks): idempotent upserts
    generated/<name>.sql          calls of generators (access.decide from the stored ABAC
                                  policies, the trail's partitions): run again by every
                                  apply that changes anything, so a changed generator or
                                  table always regenerates what it makes

Within a module the stages run in the order above, each stage's files by name. A file
anywhere else is an error, so that a misplaced migration is never silently skipped.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

SCHEMAS = ("governance", "audit", "access", "privacy", "lineage", "compliance")
STAGES = ("versioned", "functions", "views", "policies", "seeds", "generated")

_MODULE = re.compile(r"^(\d+)_([a-z]+)$")
_VERSIONED = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
_REPEATABLE = re.compile(r"^[a-z0-9_]+\.sql$")


class LayoutError(Exception):
    """The sql/ tree does not follow the layout above."""


@dataclass(frozen=True)
class Migration:
    name: str  # path below the SQL root, with forward slashes
    schema: str
    kind: str  # 'versioned' or 'repeatable'
    stage: str  # its folder: one of STAGES
    version: str | None
    checksum: str
    sql: str


def default_root() -> Path:
    """sql/ of a source checkout, or installer/sql/ of an installed wheel."""
    package = Path(__file__).resolve().parent.parent  # installer/
    for candidate in (package / "sql", package.parent / "sql"):
        if candidate.is_dir():
            return candidate
    raise LayoutError(f"no SQL directory found next to {package}")


def module_schema(name: str) -> str | None:
    """The schema of the module a migration name belongs to ('20_audit/...' -> 'audit')."""
    match = _MODULE.match(name.split("/", 1)[0])
    return match.group(2) if match else None


def discover(root: Path | None = None) -> list[Migration]:
    root = root or default_root()
    migrations: list[Migration] = []
    modules = [p for p in root.iterdir() if p.is_dir()]
    for module in sorted(modules, key=_module_number):
        schema = _module_match(module).group(2)
        unknown = sorted(p.name for p in module.iterdir() if p.name not in STAGES)
        if unknown:
            raise LayoutError(f"{module.name}: unexpected {', '.join(unknown)} (allowed: {', '.join(STAGES)})")
        for stage in STAGES:
            folder = module / stage
            if not folder.is_dir():
                continue
            for path in sorted(folder.iterdir()):
                migrations.append(_load(root, path, schema, stage, _module_number(module)))
    return migrations


def _module_match(module: Path) -> re.Match[str]:
    match = _MODULE.match(module.name)
    if not match or match.group(2) not in SCHEMAS:
        raise LayoutError(f"{module.name}: module folders are named NN_<schema> with schema one of {', '.join(SCHEMAS)}")
    return match


def _module_number(module: Path) -> int:
    return int(_module_match(module).group(1))


def _load(root: Path, path: Path, schema: str, stage: str, module_number: int) -> Migration:
    name = path.relative_to(root).as_posix()
    pattern = _VERSIONED if stage == "versioned" else _REPEATABLE
    match = pattern.match(path.name)
    if not path.is_file() or not match:
        raise LayoutError(f"{name}: not a valid {stage} file name (expected {pattern.pattern})")
    # Line endings are normalised so that a checkout with CRLF does not look like drift.
    sql = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    return Migration(
        name=name,
        schema=schema,
        kind="versioned" if stage == "versioned" else "repeatable",
        stage=stage,
        version=f"{module_number}.{match.group(1)}" if stage == "versioned" else None,
        checksum=hashlib.sha256(sql.encode("utf-8")).hexdigest(),
        sql=sql,
    )
