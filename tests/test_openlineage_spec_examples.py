"""Events as the OpenLineage specification (2-0-2) describes them, one of each kind, posted
to `pg-governance serve` as a producer would: the run cycle of one job (START, RUNNING,
COMPLETE with column lineage, then OTHER with metadata sent after completion), a run that
FAILs and one ABORTed, a JobEvent (a job's declared lineage, no run) and a DatasetEvent (a
dataset's metadata alone). docs/lineage.md ("The specification's events") documents the
graph they produce; this test asserts it."""
from __future__ import annotations

import json
import uuid

import psycopg
import requests
from serve_fixtures import PIPELINE_KEY

SPEC = "https://openlineage.io/spec/2-0-2/OpenLineage.json"
FACETS = "https://openlineage.io/spec/facets"
PRODUCER = "https://github.com/OpenLineage/OpenLineage/tree/1.20.0/integration/airflow"
DB = "postgres://db.example.com:5432"
RUN = str(uuid.uuid4())
JOB = {"namespace": "airflow", "name": "shop_etl.build_daily_revenue"}


def base(kind: str, **fields) -> dict:
    return {"eventTime": "2024-06-01T02:00:00.000Z", "producer": PRODUCER, "schemaURL": f"{SPEC}#/$defs/{kind}",
            **fields}


def run_event(event_type: str, run_id: str = RUN, job: dict = JOB, run: dict | None = None, **fields) -> dict:
    return base("RunEvent", eventType=event_type, run=run or {"runId": run_id}, job=job, **fields)


ORDERS = {"namespace": DB, "name": "shop.public.orders"}
CUSTOMERS = {"namespace": DB, "name": "shop.public.customers"}
SCHEMA = {"_producer": PRODUCER, "_schemaURL": f"{FACETS}/1-1-1/SchemaDatasetFacet.json",
          "fields": [{"name": "day", "type": "date"}, {"name": "region", "type": "text"},
                     {"name": "revenue", "type": "numeric"}]}


def field(dataset: dict, name: str, kind: str, subtype: str, masking: bool = False) -> dict:
    return {**dataset, "field": name,
            "transformations": [{"type": kind, "subtype": subtype, "description": "", "masking": masking}]}


COLUMN_LINEAGE = {
    "_producer": PRODUCER, "_schemaURL": f"{FACETS}/1-2-0/ColumnLineageDatasetFacet.json",
    "fields": {
        "day": {"inputFields": [field(ORDERS, "ordered_at", "DIRECT", "TRANSFORMATION")]},
        "region": {"inputFields": [field(CUSTOMERS, "region", "DIRECT", "IDENTITY")]},
        "revenue": {"inputFields": [field(ORDERS, "amount", "DIRECT", "AGGREGATION")]},
    },
    # what affects the whole output, no column in particular: the join and the filter
    "dataset": [field(CUSTOMERS, "id", "INDIRECT", "JOIN"), field({"namespace": DB, "name": "shop.public.refunds"},
                                                                   "order_id", "INDIRECT", "FILTER")],
}
DAILY = {"namespace": DB, "name": "shop.public.daily_revenue"}
JOB_TYPE = {"_producer": PRODUCER, "_schemaURL": f"{FACETS}/2-0-3/JobTypeJobFacet.json",
            "processingType": "BATCH", "integration": "AIRFLOW", "jobType": "TASK"}

EVENTS = [
    run_event("START", job={**JOB, "facets": {"jobType": JOB_TYPE}},
              run={"runId": RUN, "facets": {"nominalTime": {
                  "_producer": PRODUCER, "_schemaURL": f"{FACETS}/1-0-1/NominalTimeRunFacet.json",
                  "nominalStartTime": "2024-06-01T02:00:00Z"}}},
              inputs=[ORDERS, CUSTOMERS], outputs=[{**DAILY, "facets": {"schema": SCHEMA}}]),
    run_event("RUNNING", inputs=[ORDERS, CUSTOMERS], outputs=[DAILY]),
    run_event("COMPLETE", job={**JOB, "facets": {"jobType": JOB_TYPE}}, inputs=[ORDERS, CUSTOMERS],
              outputs=[{**DAILY, "facets": {"schema": SCHEMA, "columnLineage": COLUMN_LINEAGE},
                        "outputFacets": {"outputStatistics": {
                            "_producer": PRODUCER, "_schemaURL": f"{FACETS}/1-0-2/OutputStatisticsOutputDatasetFacet.json",
                            "rowCount": 365, "size": 20480}}}]),
    run_event("OTHER", job={**JOB, "facets": {"jobType": JOB_TYPE}}, run={"runId": RUN, "facets": {}}),
    run_event("FAIL", job={"namespace": "airflow", "name": "shop_etl.export_revenue"},
              inputs=[DAILY], outputs=[{"namespace": "s3://reports", "name": "revenue/2024-06-01.csv"}],
              run={"runId": str(uuid.uuid4()), "facets": {"errorMessage": {
                  "_producer": PRODUCER, "_schemaURL": f"{FACETS}/1-0-1/ErrorMessageRunFacet.json",
                  "message": "bucket not found", "programmingLanguage": "python"}}}),
    run_event("ABORT", run_id=str(uuid.uuid4()), job={"namespace": "airflow", "name": "shop_etl.export_revenue"},
              inputs=[DAILY], outputs=[{"namespace": "s3://reports", "name": "revenue/2024-06-01.csv"}]),
    base("JobEvent", job={"namespace": "dbt", "name": "analytics.revenue_mart",
                          "facets": {"jobType": {**JOB_TYPE, "integration": "DBT", "jobType": "MODEL"}}},
         inputs=[DAILY], outputs=[{"namespace": DB, "name": "shop.analytics.revenue_mart"}]),
    base("DatasetEvent", dataset={"namespace": "kafka://broker.example.com:9092", "name": "orders",
                                  "facets": {"schema": {**SCHEMA, "fields": [{"name": "order_id", "type": "long"},
                                                                             {"name": "amount", "type": "decimal"}]}}}),
]


def post(server, event: dict) -> requests.Response:
    return requests.post(f"{server.url}/api/v1/lineage", data=json.dumps(event), timeout=10,
                         headers={"Content-Type": "application/json", "Authorization": f"Bearer {PIPELINE_KEY}"})


def test_the_specification_s_events_produce_the_documented_graph(server):
    assert [post(server, event).status_code for event in EVENTS] == [201] * len(EVENTS)
    with psycopg.connect(server.dsn) as conn:
        edges = conn.execute("""
            SELECT s.name, t.name, e.transformation_type, e.details -> 'job' ->> 'name', e.details -> 'job' ->> 'type',
                   (SELECT string_agg(c.source_column || '->' || c.target_column || ':' || c.transformation, ' '
                                      ORDER BY c.target_column, c.source_column)
                      FROM lineage.column_edges c WHERE c.edge_id = e.id)
              FROM lineage.edges e JOIN lineage.assets s ON s.id = e.source_id JOIN lineage.assets t ON t.id = e.target_id
             WHERE e.valid_to IS NULL ORDER BY 2, 1""").fetchall()
        assert edges == [
            ("shop.public.daily_revenue", "shop.analytics.revenue_mart", "job", "analytics.revenue_mart", "model", None),
            ("shop.public.customers", "shop.public.daily_revenue", "job", "shop_etl.build_daily_revenue", "task",
             "region->region:identity"),
            ("shop.public.orders", "shop.public.daily_revenue", "job", "shop_etl.build_daily_revenue", "task",
             "ordered_at->day:transformation amount->revenue:aggregation"),
            ("shop.public.refunds", "shop.public.daily_revenue", "job", "shop_etl.build_daily_revenue", "task", None),
        ]
        # Every dataset is an asset, the failed and aborted exports' output included (no
        # edge into it); schema facets became the assets' columns.
        assets = dict(conn.execute("SELECT namespace || '/' || name, fields FROM lineage.assets").fetchall())
        assert "s3://reports/revenue/2024-06-01.csv" in assets
        assert [f["name"] for f in assets[f"{DB}/shop.public.daily_revenue"]] == ["day", "region", "revenue"]
        assert assets["kafka://broker.example.com:9092/orders"] == [{"name": "order_id", "type": "long"},
                                                                    {"name": "amount", "type": "decimal"}]
        kept = conn.execute("SELECT event_type FROM lineage.openlineage_events ORDER BY event_time, event_type").fetchall()
        assert sorted(k for (k,) in kept) == ["ABORT", "COMPLETE", "FAIL", "OTHER", "RUNNING", "START"]
        versions = conn.execute("SELECT count(*) FROM lineage.edges").fetchone()[0]
    # A replay is accepted (201) and changes nothing.
    assert post(server, EVENTS[2]).status_code == 201
    with psycopg.connect(server.dsn) as conn:
        assert conn.execute("SELECT count(*) FROM lineage.edges").fetchone()[0] == versions
