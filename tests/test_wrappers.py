"""The Python wrappers call the SQL API and return its values unchanged."""
from __future__ import annotations

import ast
import inspect
import typing

import psycopg
import pytest
from conftest import REPO
from encryption_fixtures import create_key

from installer import Governance, __version__


def test_context_round_trips_through_the_wrappers(installed_db):
    with psycopg.connect(installed_db) as conn:
        gov = Governance(conn)
        assert gov.version() == __version__
        assert gov.current_tenant() is None
        gov.set_context("alice", tenant="acme", roles=["analyst", "viewer"], purpose="support")
        assert (gov.current_actor(), gov.current_tenant(), gov.current_roles(), gov.current_purpose()) \
            == ("alice", "acme", ["analyst", "viewer"], "support")


def test_wrapper_errors_are_the_sql_errors(installed_db):
    with psycopg.connect(installed_db) as conn, pytest.raises(psycopg.errors.InvalidParameterValue):
        Governance(conn).set_context("")


def test_classification_through_the_wrappers(installed_db):
    with psycopg.connect(installed_db) as conn:
        conn.execute('CREATE TABLE public."Odd Name" (email text)')
        gov = Governance(conn)
        gov.classify('public."Odd Name"', "email", "contact", "restricted")
        assert conn.execute("SELECT sensitivity FROM governance.classified_columns WHERE table_name = 'Odd Name'"
                            ).fetchone()[0] == "restricted"
        assert gov.unclassify('public."Odd Name"', "email") is True
        assert gov.unclassify('public."Odd Name"', "email") is False


def test_session_context_returns_the_four_values_with_one_call(installed_db):
    with psycopg.connect(installed_db) as conn:
        gov = Governance(conn)
        assert gov.session_context() == (None, None, None, None)
        gov.set_context("alice", tenant="acme", roles=["analyst"], purpose="support")
        context = gov.session_context()
        assert (context.actor, context.tenant, context.roles, context.purpose) == ("alice", "acme", ["analyst"], "support")


def test_set_returning_wrappers_name_their_columns(installed_db):
    """Rows come back as named tuples: still tuples, but row.kind instead of row[0]."""
    with psycopg.connect(installed_db) as conn:
        gov = Governance(conn)
        started = conn.execute("SELECT now() - interval '1 minute'").fetchone()[0]
        gov.log_event("login", "read")
        conn.commit()
        gov.audit_seal()
        checkpoint = gov.audit_checkpoint()
        assert checkpoint.seq >= 1 and len(checkpoint.hash) == 64 and checkpoint.sealed_at is not None
        summary = {(row.scope, row.name): row.total for row in gov.audit_summary(started)}
        assert summary[("event_type", "login")] == 1 and summary[("all", "events")] == 1
        conn.execute('CREATE TABLE public."Modes" (mode text)')
        conn.execute("INSERT INTO public.\"Modes\" VALUES ('bus'), ('bus'), ('bike')")
        gov.set_budget("alice", 'public."Modes"', 1e6)
        gov.set_context("alice")
        bars = gov.dp_histogram('public."Modes"', "mode", ["bus", "bike"], 1e5)
        assert [(bar.category, round(bar.count)) for bar in bars] == [("bus", 2), ("bike", 1)]
        create_key(conn, "wrapper test master key 0123456789abcdef0123456789", "k")
        info = gov.ciphertext_info(gov.encrypt("x", "k"))
        assert info["key_name"] == "k" and info["version"] == 1


def test_every_wrapper_is_fully_typed():
    for name, method in inspect.getmembers(Governance, inspect.isfunction):
        if name.startswith("_"):
            continue
        hints = typing.get_type_hints(method)
        parameters = [p for p in inspect.signature(method).parameters if p != "self"]
        assert "return" in hints and all(p in hints for p in parameters), name


def test_wrappers_never_format_values_into_sql():
    """SQL text is a constant or composed with psycopg.sql; values always travel as parameters."""
    for path in sorted((REPO / "installer" / "api").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.JoinedStr):
                raise AssertionError(f"{path.name}:{node.lineno}: f-string")
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant):
                raise AssertionError(f"{path.name}:{node.lineno}: % formatting")
            if isinstance(node, ast.Attribute) and node.attr == "format" and isinstance(node.value, ast.Constant):
                raise AssertionError(f"{path.name}:{node.lineno}: str.format")
