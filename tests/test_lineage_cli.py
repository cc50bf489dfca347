"""`python -m installer lineage ASSET --format dot|mermaid|json`."""
from __future__ import annotations

import json

import psycopg

from installer import Governance


def seed(dsn: str) -> dict[str, int]:
    with psycopg.connect(dsn) as conn:
        gov = Governance(conn)
        ids = {n: gov.register_asset("warehouse", n, "table") for n in ("raw", "clean", 'odd "name"')}
        gov.add_edge(ids["raw"], ids["clean"], "dedupe", None, "etl")
        gov.add_edge(ids["clean"], ids['odd "name"'], "copy", None, "etl")
        return ids


def test_json_is_the_graph_document(installed_db, cli):
    ids = seed(installed_db)
    result = cli("lineage", "warehouse/clean", "--format", "json", "--dsn", installed_db)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["root"] == ids["clean"]
    assert [(n["name"], n["depth"]) for n in doc["nodes"]] == [("raw", -1), ("clean", 0), ('odd "name"', 1)]
    assert [(e["source"], e["target"]) for e in doc["edges"]] == [(ids["raw"], ids["clean"]), (ids["clean"], ids['odd "name"'])]


def test_dot_and_mermaid(installed_db, cli):
    ids = seed(installed_db)
    dot = cli("lineage", str(ids["raw"]), "--format", "dot", "--depth", "1", "--dsn", installed_db)
    assert dot.returncode == 0, dot.stderr
    assert dot.stdout.startswith("digraph lineage {") and f'a{ids["raw"]} -> a{ids["clean"]} [label="dedupe"];' in dot.stdout
    assert "odd" not in dot.stdout, "depth 1 stops before the third asset"
    mermaid = cli("lineage", "clean", "--format", "mermaid", "--dsn", installed_db)
    assert mermaid.returncode == 0, mermaid.stderr
    assert mermaid.stdout.startswith("flowchart LR")
    odd = ids['odd "name"']
    assert f'a{odd}["odd #quot;name#quot; (table)"]' in mermaid.stdout


def test_unknown_or_ambiguous_asset_exits_2(installed_db, cli):
    seed(installed_db)
    missing = cli("lineage", "nope", "--dsn", installed_db)
    assert missing.returncode == 2 and "lineage.find_asset: no asset 'nope'" in missing.stderr
    bad_format = cli("lineage", "raw", "--format", "png", "--dsn", installed_db)
    assert bad_format.returncode == 2


def test_a_table_name_without_its_database_resolves_and_ambiguity_is_named(installed_db, cli):
    with psycopg.connect(installed_db) as conn:
        conn.execute("CREATE SCHEMA app")
        conn.execute("CREATE TABLE app.users (id int)")
        gov = Governance(conn)
        users = gov.register_table("app.users")  # {database}.app.users in the local namespace
        gov.register_asset("postgres://replica:5432", "crm.app.sessions", "table")
        gov.register_asset("postgres://other:5432", "crm.app.sessions", "table")
    found = cli("lineage", "app.users", "--dsn", installed_db)
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["root"] == users
    ambiguous = cli("lineage", "app.sessions", "--dsn", installed_db)
    assert ambiguous.returncode == 2
    assert "'app.sessions' is ambiguous" in ambiguous.stderr
    assert "postgres://replica:5432/crm.app.sessions" in ambiguous.stderr
    assert "postgres://other:5432/crm.app.sessions" in ambiguous.stderr


def test_a_closed_pipe_ends_quietly(installed_db):
    """`pg-governance lineage ... | head -1`: the reader leaves early; no traceback, no
    "Broken pipe", exit 0 (here and for any command: main() handles it)."""
    import shlex
    import subprocess
    import sys

    from conftest import REPO
    ids = seed(installed_db)
    with psycopg.connect(installed_db) as conn:  # a graph large enough to outlast the pipe's buffer
        gov = Governance(conn)
        for i in range(400):
            gov.add_edge(ids["raw"], gov.register_asset("warehouse", f"copy_{i}_" + "x" * 150, "table"), "copy", None, "etl")
    for args in (["lineage", "raw", "--format", "dot", "--depth", "1"], ["--help"]):
        dsn = ["--dsn", installed_db] if args[0] == "lineage" else []
        result = subprocess.run(f"{sys.executable} -m installer {shlex.join(args + dsn)} | head -1; "
                                "exit ${PIPESTATUS[0]}", shell=True, executable="/bin/bash", cwd=REPO,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        assert result.stderr == "", result.stderr
        assert len(result.stdout.splitlines()) == 1
