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
