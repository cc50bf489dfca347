"""Lineage benchmark: graph traversal, OpenLineage ingestion, lineage tracking at the seed's sizes.

    python -m bench.lineage [--assets 100000] [--runs 5]

A layered graph (assets in layers; each asset feeds 10 neighbours in the next layer, the
last layer feeds the first, one asset in 100 also feeds the layer before: cycles long and
short) plus a busy hub with 2,000 outgoing edges. Baselines, measured in the same run on
plain tables without governance: a recursive CTE (what one writes by hand) for traversals,
a plain INSERT of the JSON for ingestion, plain INSERTs for lineage tracking.
"""
from __future__ import annotations

import argparse
import json
import statistics
import uuid

import psycopg

from .common import Comparison, compare, governed_database, print_table, seconds

LAYERS = 20
FANOUT = 10
HUB_EDGES = 2000


def build_graph(conn: psycopg.Connection, assets: int) -> dict[str, int]:
    width = assets // LAYERS
    conn.execute("""
        INSERT INTO lineage.assets (namespace, name, asset_type, created_by)
        SELECT 'bench://graph', 'n' || i, 'table', 'bench' FROM generate_series(0, %s - 1) i""", (assets,))
    base = conn.execute("SELECT min(id) FROM lineage.assets WHERE namespace = 'bench://graph'").fetchone()[0]
    # i -> the FANOUT positions around i's own in the next layer (wrapping round).
    conn.execute("""
        INSERT INTO lineage.edges (source_id, target_id, transformation_type, created_by)
        SELECT %(base)s + i,
               %(base)s + ((i / %(w)s + 1) %% %(layers)s) * %(w)s + ((i %% %(w)s) + j - %(half)s + %(w)s) %% %(w)s,
               'copy', 'bench'
          FROM generate_series(0, %(n)s - 1) i, generate_series(0, %(fanout)s - 1) j""",
                 dict(base=base, w=width, layers=LAYERS, n=width * LAYERS, fanout=FANOUT, half=FANOUT // 2))
    conn.execute("""
        INSERT INTO lineage.edges (source_id, target_id, transformation_type, created_by)
        SELECT %(base)s + i, %(base)s + ((i / %(w)s + %(layers)s - 1) %% %(layers)s) * %(w)s + i %% %(w)s, 'feedback', 'bench'
          FROM generate_series(0, %(n)s - 1, 100) i""", dict(base=base, w=width, layers=LAYERS, n=width * LAYERS))
    hub = conn.execute("""
        INSERT INTO lineage.assets (namespace, name, asset_type, created_by)
        VALUES ('bench://graph', 'hub', 'table', 'bench') RETURNING id""").fetchone()[0]
    conn.execute("""
        INSERT INTO lineage.edges (source_id, target_id, transformation_type, created_by)
        SELECT %s, %s + (k * 7919) %% %s, 'fanout', 'bench' FROM generate_series(1, %s) k""",
                 (hub, base, width * LAYERS, HUB_EDGES))
    # The baseline: the same edges in a plain table, indexed both ways.
    conn.execute("CREATE TABLE bench_edges AS SELECT source_id AS source, target_id AS target FROM lineage.edges")
    conn.execute("CREATE INDEX ON bench_edges (source, target)")
    conn.execute("CREATE INDEX ON bench_edges (target, source)")
    conn.commit()
    conn.autocommit = True
    conn.execute("VACUUM ANALYZE lineage.assets, lineage.edges, bench_edges")
    middle = base + (LAYERS // 2) * width + width // 2
    return {"middle": middle, "hub": hub}


NAIVE = """
    WITH RECURSIVE r (id, depth) AS (
        SELECT %(start)s::bigint, 0
        UNION
        SELECT e.{far}, r.depth + 1 FROM r JOIN bench_edges e ON e.{near} = r.id WHERE r.depth < %(depth)s)
    SELECT count(*) FROM (SELECT id, min(depth) FROM r WHERE id <> %(start)s GROUP BY id) s"""
CLOSURE = """
    WITH RECURSIVE r (id) AS (
        SELECT %(start)s::bigint UNION SELECT e.target FROM r JOIN bench_edges e ON e.source = r.id)
    SELECT count(*) - 1 FROM r"""


def traversals(conn: psycopg.Connection, nodes: dict[str, int], runs: int) -> list[Comparison]:
    def value(query: str, params: dict) -> int:
        return conn.execute(query, params).fetchone()[0]

    start = {"start": nodes["middle"], "depth": 10}
    assert value(NAIVE.format(near="target", far="source"), start) == value(
        "SELECT count(*) FROM lineage.upstream(%(start)s, %(depth)s)", start), "both walks find the same assets"
    hub = {"start": nodes["hub"]}
    reached = value("SELECT count(*) FROM lineage.downstream(%(start)s, NULL)", hub)
    print(f"depth-10 upstream reaches {value(NAIVE.format(near='target', far='source'), start)} assets, "
          f"downstream {value(NAIVE.format(near='source', far='target'), start)}; full closure from the hub {reached}")
    return [
        compare("upstream depth 10", lambda: value(NAIVE.format(near="target", far="source"), start),
                lambda: value("SELECT count(*) FROM lineage.upstream(%(start)s, %(depth)s)", start), runs),
        compare("downstream depth 10", lambda: value(NAIVE.format(near="source", far="target"), start),
                lambda: value("SELECT count(*) FROM lineage.downstream(%(start)s, %(depth)s)", start), runs),
        compare("full closure from the hub", lambda: value(CLOSURE, hub),
                lambda: value("SELECT count(*) FROM lineage.downstream(%(start)s, NULL)", hub), max(1, runs // 2)),
    ]


def openlineage_event(index: int) -> str:
    table = f"app.public.t{index % 500}"
    return json.dumps({
        "eventType": "COMPLETE", "eventTime": "2024-05-01T10:00:00Z", "producer": "https://example.com/bench",
        "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
        "run": {"runId": str(uuid.uuid4())}, "job": {"namespace": "bench", "name": f"job{index % 100}"},
        "inputs": [{"namespace": "postgres://db:5432", "name": table},
                   {"namespace": "postgres://db:5432", "name": "app.public.users"}],
        "outputs": [{"namespace": "s3://lake", "name": f"features{index % 500}", "facets": {"columnLineage": {
            "_producer": "https://example.com/bench", "_schemaURL": "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json",
            "fields": {"email_domain": {"inputFields": [{"namespace": "postgres://db:5432", "name": "app.public.users",
                                                          "field": "email", "transformations": [{"type": "DIRECT", "subtype": "TRANSFORMATION"}]}]},
                       "amount": {"inputFields": [{"namespace": "postgres://db:5432", "name": table, "field": "amount"}]}}}}}]})


def ingestion(conn: psycopg.Connection, events: int, runs: int) -> tuple[Comparison, float]:
    conn.execute("CREATE TABLE bench_events (event jsonb)")

    def batch() -> list[str]:
        return [openlineage_event(i) for i in range(events)]

    result = Comparison("OpenLineage ingestion", [], [])
    for _ in range(runs):
        docs = batch()  # fresh run ids, so that nothing is a replay
        result.baseline.append(seconds(lambda docs=docs: conn.execute(
            "INSERT INTO bench_events SELECT unnest(%s::jsonb[])", (docs,))))
        result.governed.append(seconds(lambda docs=docs: conn.execute(
            "SELECT count(*) FROM unnest(%s::jsonb[]) e WHERE lineage.ingest_openlineage(e)", (docs,))))
    return result, events / statistics.median(result.governed)


def tracking(conn: psycopg.Connection, sizes: list[int], runs: int) -> list[Comparison]:
    conn.execute("CREATE TABLE bench_assets (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, namespace text, name text, "
                 "asset_type text, UNIQUE (namespace, name))")
    conn.execute("CREATE TABLE bench_links (source bigint REFERENCES bench_assets, target bigint REFERENCES bench_assets, "
                 "transformation_type text, details jsonb)")
    rows = []
    for size in sizes:
        def governed(size: int = size) -> None:
            ns = f"seed://{uuid.uuid4()}"
            conn.execute("""
                WITH a AS (SELECT i, lineage.register_asset(%s, 'asset' || i, 'table') AS id FROM generate_series(1, %s) i)
                SELECT count(lineage.add_edge(a.id, b.id, 'feature_engineering', '{"step": 1}', 'bench'))
                  FROM a JOIN a b ON b.i = a.i + 1""", (ns, size))

        def baseline(size: int = size) -> None:
            ns = f"seed://{uuid.uuid4()}"
            conn.execute("""
                WITH a AS (INSERT INTO bench_assets (namespace, name, asset_type)
                           SELECT %s, 'asset' || i, 'table' FROM generate_series(1, %s) i RETURNING id, name)
                INSERT INTO bench_links
                SELECT a.id, b.id, 'feature_engineering', '{"step": 1}'
                  FROM a JOIN a b ON b.name = 'asset' || (substr(a.name, 6)::int + 1)""", (ns, size))

        rows.append(compare(f"lineage tracking, {size} records", baseline, governed, runs))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assets", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--events", type=int, default=1000)
    args = parser.parse_args()
    with governed_database() as dsn, psycopg.connect(dsn) as conn:
        took = seconds(lambda: nodes.update(build_graph(conn, args.assets))) if (nodes := {}) == {} else 0
        edges = conn.execute("SELECT count(*) FROM lineage.edges").fetchone()[0]
        print(f"built {args.assets + 1} assets and {edges} edges in {took:.1f} s")
        print_table("Graph traversal (seconds; baseline: recursive CTE on a plain edge table)", traversals(conn, nodes, args.runs))
        ingest, rate = ingestion(conn, args.events, args.runs)
        print_table(f"OpenLineage ingestion of {args.events} events (baseline: INSERT of the JSON)", [ingest])
        print(f"ingestion rate: {rate:,.0f} events/s")
        print_table("Lineage tracking at the seed's sizes (register assets + chain of edges; baseline: plain INSERTs)",
                    tracking(conn, [100, 1000, 10000], args.runs))


if __name__ == "__main__":
    main()
