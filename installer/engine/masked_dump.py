"""dump --masked: a copy of the database for development and staging, with every classified
column masked by its rule (privacy.masked_columns), restorable with psql.

The schema comes from pg_dump (pre-data, then post-data: constraints, indexes and foreign
keys are created after the rows, so the masked rows are checked against them on restore);
the rows come from `COPY (SELECT <masked columns> FROM ONLY table) TO STDOUT`, streamed chunk
by chunk to the file, so memory stays constant for any table size. Everything is read in
one REPEATABLE READ snapshot, which pg_dump shares (--snapshot): rows and schema agree.
Masks run in the server; pseudonyms are keyed (privacy.pseudonym), so an e-mail gets the
same pseudonym in every table and foreign keys and unique constraints still hold.

The pack's schemas are never dumped: they hold its keys (the pseudonym key, the erasure
and audit keys, wrapped data keys), and the generated masked-view schemas are left out too.
"""
from __future__ import annotations

import re
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

import psycopg
from psycopg import sql

from installer.engine.encryption_batches import progress_bar
from installer.engine.errors import Refused
from installer.engine.layout import SCHEMAS

BLOCK = 1 << 20


def _draw(progress: TextIO, rows: int, total: int, drawn: float) -> float:
    now = time.monotonic()
    if now - drawn < 0.2:
        return drawn
    print(f"\r{progress_bar(rows, max(total, rows))}", end="", file=progress, flush=True)
    return now


@dataclass(frozen=True)
class Table:
    oid: int
    name: str            # schema-qualified, quoted as SQL needs
    estimate: int        # rows, from the statistics: the progress bar's total


def find_pg_dump(explicit: str | None) -> str:
    path = explicit or shutil.which("pg_dump")
    if not path or not Path(path).exists():
        raise Refused(["pg_dump was not found: install the PostgreSQL client tools or pass --pg-dump PATH"])
    return path


def masked_schemas(conn: psycopg.Connection) -> list[str]:
    return [row[0] for row in conn.execute("SELECT DISTINCT view_schema::text FROM privacy.masked_views")]


def tables(conn: psycopg.Connection, schemas: list[str], skipped: list[str]) -> list[Table]:
    """Ordinary tables and partitions (a partitioned table has no rows of its own) of the
    schemas (all but the system's and the skipped ones when none are named), extensions' tables left out."""
    rows = conn.execute("""
        SELECT c.oid, c.oid::regclass::text, greatest(c.reltuples, 0)::bigint
          FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relkind = 'r' AND c.relpersistence = 'p'
           AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_'
           AND n.nspname <> ALL (%s::text[])
           AND (cardinality(%s::text[]) = 0 OR n.nspname = ANY (%s::text[]))
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                            WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
         ORDER BY n.nspname, c.relname""", (skipped, schemas, schemas)).fetchall()
    return [Table(oid, name, estimate) for oid, name, estimate in rows]


def sequences(conn: psycopg.Connection, schemas: list[str], skipped: list[str]) -> list[str]:
    return [row[0] for row in conn.execute("""
        SELECT c.oid::regclass::text FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relkind = 'S' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
           AND n.nspname <> ALL (%s::text[]) AND (cardinality(%s::text[]) = 0 OR n.nspname = ANY (%s::text[]))
         ORDER BY 1""", (skipped, schemas, schemas))]


def _pattern(name: str) -> str:
    """A schema name as a pg_dump pattern that matches it alone (quoted: no case folding, no wildcards)."""
    return '"' + name.replace('"', '""') + '"'


def pg_dump_section(pg_dump: str, dsn: str, snapshot: str, section: str, schemas: list[str],
                    skipped: list[str], server_version: int) -> Iterator[str]:
    """One section of pg_dump's plain output, line by line (streamed, not held in memory),
    without the extensions created in a schema of the pack (pgcrypto, when the installer
    created it there): the copy has no such schema. A pg_dump newer than 17 sets
    transaction_timeout, which a server older than 17 (the copy's, of the same major)
    refuses: that line goes too."""
    args = [pg_dump, "--section", section, "--snapshot", snapshot, "--no-owner", "--no-privileges",
            "--format", "plain"]
    args += [f"--schema={_pattern(schema)}" for schema in schemas]
    args += [f"--exclude-schema={_pattern(schema)}" for schema in skipped]
    args += ["--dbname", dsn] if dsn else []
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    pack_extension = re.compile(r"^CREATE EXTENSION IF NOT EXISTS (\S+) WITH SCHEMA (\S+);$")
    dropped: set[str] = set()
    for line in process.stdout:
        found = pack_extension.match(line.rstrip("\n"))
        if found and found.group(2) in SCHEMAS:
            dropped.add(found.group(1))
            continue
        if any(line.startswith(f"COMMENT ON EXTENSION {name} ") for name in dropped):
            continue
        if server_version < 170000 and line.startswith("SET transaction_timeout = "):
            continue
        yield line
    error = process.stderr.read() if process.stderr else ""
    if process.wait() != 0:
        raise Refused([f"pg_dump failed: {error.strip()}"])


def write_masked_dump(conn: psycopg.Connection, dsn: str, output: BinaryIO, pg_dump: str,
                      schemas: list[str], progress: TextIO = sys.stderr) -> tuple[int, int, float]:
    """Writes the dump; returns (tables, rows, seconds). conn must not be in autocommit mode."""
    started = time.monotonic()
    # Set before the transaction starts: psycopg opens it with the first statement.
    conn.rollback()
    conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    conn.read_only = True
    snapshot = conn.execute("SELECT pg_catalog.pg_export_snapshot()").fetchone()[0]
    skipped = sorted(set(SCHEMAS) | set(masked_schemas(conn)))
    if set(schemas) & set(skipped):
        raise Refused([f"{', '.join(sorted(set(schemas) & set(skipped)))}: pg-governance's own schemas are never dumped"])
    chosen = tables(conn, schemas, skipped)
    total = sum(table.estimate for table in chosen)

    def text(line: str) -> None:
        output.write(line.encode())

    text("-- pg-governance dump --masked: every classified column masked by its rule (docs/masking.md).\n"
         "-- Restore into an empty database: psql -d NEWDB -f THIS_FILE\n\n")
    restricted = False
    for line in pg_dump_section(pg_dump, dsn, snapshot, "pre-data", schemas, skipped, conn.info.server_version):
        restricted = restricted or line.startswith("\\restrict ")
        text(line)
    # psql's \restrict (PostgreSQL 17.6, 16.10, ... and later) refuses meta-commands that a
    # crafted value might smuggle in; the rows get a key of their own, like pg_dump's sections.
    key = secrets.token_hex(16)
    if restricted:
        text(f"\\restrict {key}\n")
    rows = 0
    drawn = 0.0
    for table in chosen:
        columns = conn.execute("SELECT column_name, expression FROM privacy.masked_columns(%s::oid::regclass, true)",
                               (table.oid,)).fetchall()
        column_list = sql.SQL(", ").join(sql.Identifier(name) for name, _ in columns)
        select = sql.SQL("SELECT {} FROM ONLY {}").format(
            sql.SQL(", ").join(sql.SQL(expression) for _, expression in columns),
            sql.SQL(table.name))
        text(f"\nCOPY {table.name} ({column_list.as_string(conn)}) FROM stdin;\n")
        # The server sends a message per row: they are gathered into blocks of about 1 MB,
        # counted and written, and the bar is drawn at most a few times a second.
        block = bytearray()
        with conn.cursor().copy(sql.SQL("COPY ({}) TO STDOUT").format(select)) as copy:
            for chunk in copy:
                block += chunk
                if len(block) >= BLOCK:
                    rows += block.count(b"\n")
                    output.write(block)
                    block.clear()
                    drawn = _draw(progress, rows, total, drawn)
        rows += block.count(b"\n")
        output.write(block)
        drawn = _draw(progress, rows, total, drawn)
        text("\\.\n")
    for sequence in sequences(conn, schemas, skipped):
        last_value, is_called = conn.execute(sql.SQL("SELECT last_value, is_called FROM {}").format(sql.SQL(sequence))).fetchone()
        text(f"SELECT pg_catalog.setval({sql.Literal(sequence).as_string(conn)}, {last_value}, {str(is_called).lower()});\n")
    if restricted:
        text(f"\\unrestrict {key}\n")
    for line in pg_dump_section(pg_dump, dsn, snapshot, "post-data", schemas, skipped, conn.info.server_version):
        text(line)
    conn.rollback()
    print(f"\r{progress_bar(rows, rows)}", file=progress, flush=True)
    return len(chosen), rows, time.monotonic() - started
