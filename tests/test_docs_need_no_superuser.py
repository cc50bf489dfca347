"""No documented step needs a superuser: managed services never give one.

tests/test_docs_examples.py runs every runnable ```sql block as docs_dba, a role with
CREATEROLE and no superuser. This test covers the blocks it cannot run (no-run) and the
statements the docs tell the reader to run: none may be one that PostgreSQL reserves to
superusers, such as ALTER DATABASE ... SET of a pg_governance.* parameter, which 15
refuses to the database owner ("permission denied to set parameter").
"""
from __future__ import annotations

import re

import pytest
from test_docs_examples import DOCUMENTS, FENCE

SUPERUSER_ONLY = re.compile(
    r"\bALTER\s+SYSTEM\b"
    r"|\bALTER\s+(?:DATABASE|ROLE|USER)\b[^;]*\bSET\s+(?:pg_governance|pgaudit)\."
    r"|\bSET\s+(?:LOCAL\s+|SESSION\s+)?session_replication_role\b"
    r"|\b(?:CREATE|ALTER)\s+(?:ROLE|USER)\b[^;]*\b(?:SUPERUSER|BYPASSRLS)\b"
    r"|\bFROM\s+PROGRAM\b|\bpg_read_(?:binary_)?file\b|\bLOAD\s+'",
    re.I)


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_no_sql_block_of_the_docs_needs_a_superuser(document):
    offenders = []
    for match in FENCE.finditer(document.read_text()):
        if not match.group(1).startswith("sql"):
            continue
        for statement in SUPERUSER_ONLY.finditer(match.group(2)):
            line = document.read_text().count("\n", 0, match.start(2) + statement.start()) + 1
            offenders.append(f"{document.name}:{line}: {statement.group(0)}")
    assert not offenders, offenders
