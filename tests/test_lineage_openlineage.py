"""OpenLineage RunEvents, produced by the official openlineage-python client, ingested.

The client's typed event model is generated from the published OpenLineage JSON schema, so
what it serialises is a schema-valid RunEvent; the published schema itself cannot be
fetched in CI (no network) and is not vendored.
"""
from __future__ import annotations

import datetime
import json
import uuid

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openlineage.client.event_v2 import InputDataset, Job, OutputDataset, Run, RunEvent, RunState
from openlineage.client.facet_v2 import column_lineage_dataset as cl
from openlineage.client.facet_v2 import schema_dataset
from openlineage.client.serde import Serde

from installer import Governance

PRODUCER = "https://github.com/example/pipelines/tree/v1"


def column(field: str, source: str, masking: bool = False, subtype: str = "IDENTITY") -> cl.Fields:
    return cl.Fields(inputFields=[cl.InputField(
        namespace="postgres://warehouse:5432", name=source, field=field,
        transformations=[cl.Transformation(type="DIRECT", subtype=subtype, masking=masking)])])


def run_event(state: RunState, run_id: str) -> dict:
    users = InputDataset(
        namespace="postgres://warehouse:5432", name="app.public.users",
        facets={"schema": schema_dataset.SchemaDatasetFacet(fields=[
            schema_dataset.SchemaDatasetFacetFields(name="email", type="text"),
            schema_dataset.SchemaDatasetFacetFields(name="diagnosis", type="text")])})
    features = OutputDataset(
        namespace="s3://features", name="user_features",
        facets={"columnLineage": cl.ColumnLineageDatasetFacet(fields={
            "email_domain": column("email", "app.public.users", subtype="TRANSFORMATION"),
            "risk": column("diagnosis", "app.public.users", masking=True),
            "country": column("country", "app.public.addresses")})})
    event = RunEvent(eventType=state, eventTime=datetime.datetime.now(datetime.timezone.utc).isoformat(),
                     run=Run(runId=run_id), job=Job(namespace="airflow", name="build_features"),
                     producer=PRODUCER, inputs=[users], outputs=[features])
    return json.loads(Serde.to_json(event))


def snapshot(conn: psycopg.Connection) -> list:
    return [conn.execute(f"SELECT count(*), md5(string_agg(t::text, ',' ORDER BY t::text)) FROM lineage.{table} t").fetchone()
            for table in ("assets", "edges", "column_edges", "openlineage_events")]


@pytest.fixture
def gov(installed_db):
    with psycopg.connect(installed_db, autocommit=True) as conn:
        yield Governance(conn)


def test_a_run_becomes_assets_edges_and_column_lineage(gov):
    run_id = str(uuid.uuid4())
    assert gov.ingest_openlineage(run_event(RunState.START, run_id)) is True
    assert gov.ingest_openlineage(run_event(RunState.COMPLETE, run_id)) is True
    features = gov.find_asset("s3://features/user_features")
    users = gov.find_asset("postgres://warehouse:5432/app.public.users")
    assert {r["name"] for r in gov.upstream(features)} == {"app.public.users", "app.public.addresses"}
    [mapping] = gov.column_upstream(features, "email_domain")
    assert (mapping["asset_id"], mapping["column_name"], mapping["transformation"]) == (users, "email", "transformation")
    assert gov.column_upstream(features, "risk")[0]["transformation"] == "masking"
    fields = gov.conn.execute("SELECT fields FROM lineage.assets WHERE id = %s", (users,)).fetchone()[0]
    assert fields == [{"name": "email", "type": "text"}, {"name": "diagnosis", "type": "text"}]
    edge = gov.conn.execute("SELECT details, created_by FROM lineage.edges WHERE source_id = %s AND target_id = %s",
                            (users, features)).fetchone()
    assert edge[0]["job"] == {"namespace": "airflow", "name": "build_features"} and edge[1] == "airflow/build_features"


def test_replaying_the_same_events_changes_nothing(gov):
    events = [run_event(state, run_id) for run_id in (str(uuid.uuid4()), str(uuid.uuid4()))
              for state in (RunState.START, RunState.RUNNING, RunState.COMPLETE)]
    assert all(gov.ingest_openlineage(e) for e in events)
    before = snapshot(gov.conn)
    assert not any(gov.ingest_openlineage(e) for e in events)
    assert snapshot(gov.conn) == before


def test_a_failed_run_records_datasets_but_no_lineage(gov):
    gov.ingest_openlineage(run_event(RunState.FAIL, str(uuid.uuid4())))
    assert gov.conn.execute("SELECT count(*) FROM lineage.assets").fetchone()[0] == 3
    assert gov.conn.execute("SELECT count(*) FROM lineage.edges").fetchone()[0] == 0


def test_masking_in_column_lineage_stops_classification(gov):
    conn = gov.conn
    conn.execute("CREATE TABLE public.users (email text, diagnosis text)")
    gov.set_setting("lineage_namespace", "postgres://warehouse:5432")
    name = f"{conn.info.dbname}.public.users"
    gov.classify("public.users", "email", "contact")
    gov.classify("public.users", "diagnosis", "health")
    event = run_event(RunState.COMPLETE, str(uuid.uuid4()))
    for dataset in event["inputs"]:
        dataset["name"] = name
    for field in event["outputs"][0]["facets"]["columnLineage"]["fields"].values():
        for source in field["inputFields"]:
            source["name"] = name if source["name"] == "app.public.users" else source["name"]
    gov.ingest_openlineage(event)
    features = gov.find_asset("s3://features/user_features")
    assert [(r["column_name"], r["category"]) for r in gov.inherited_classes(features)] == [("email_domain", "contact")]


@pytest.mark.parametrize("path, breaks", [
    ("$.run.runId must be a UUID string", lambda e: e["run"].update(runId="not-a-uuid")),
    ("$.eventType must be one of", lambda e: e.update(eventType="DONE")),
    ("$.eventTime must be an ISO 8601 date-time string", lambda e: e.update(eventTime="yesterday")),
    ("$.eventTime '2024-13-45T00:00:00Z' is not a valid date-time", lambda e: e.update(eventTime="2024-13-45T00:00:00Z")),
    ("$.producer must be a URI string", lambda e: e.pop("producer")),
    ("$.job.name must be a non-empty string", lambda e: e["job"].update(name="")),
    ("$.inputs[0].namespace must be a non-empty string", lambda e: e["inputs"][0].pop("namespace")),
    ("$.outputs must be an array", lambda e: e.update(outputs={"name": "x"})),
    ("$.outputs[0].facets.columnLineage.fields.risk.inputFields[0] needs non-empty namespace, name and field strings",
     lambda e: e["outputs"][0]["facets"]["columnLineage"]["fields"]["risk"]["inputFields"][0].pop("field")),
])
def test_invalid_documents_are_rejected_with_the_failing_path(gov, path, breaks):
    event = run_event(RunState.COMPLETE, str(uuid.uuid4()))
    breaks(event)
    before = snapshot(gov.conn)
    with pytest.raises(psycopg.errors.InvalidParameterValue) as error:
        gov.ingest_openlineage(event)
    assert error.value.diag.message_primary.startswith(f"lineage.ingest_openlineage: {path}")
    assert snapshot(gov.conn) == before


# PostgreSQL's jsonb cannot hold U+0000 nor a lone surrogate (not Unicode text; the cast
# refuses both before any function runs).
texts = st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=8)
json_values = st.recursive(st.none() | st.booleans() | st.integers() | texts,
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
                           max_leaves=8)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key_path=st.lists(st.sampled_from(["run", "job", "inputs", "outputs", "eventTime", "eventType", "producer",
                                          "runId", "name", "namespace", "facets", "columnLineage", "fields", 0]),
                         min_size=1, max_size=5),
       value=json_values)
def test_any_mangled_event_is_ingested_or_rejected_cleanly(gov, key_path, value):
    event = run_event(RunState.COMPLETE, str(uuid.uuid4()))
    target = event
    for key in key_path[:-1]:
        if isinstance(target, dict) and key in target:
            target = target[key]
        elif isinstance(target, list) and isinstance(key, int) and key < len(target):
            target = target[key]
    last = key_path[-1]
    if isinstance(target, dict) and isinstance(last, str):
        target[last] = value
    problem = gov.openlineage_problem(event)
    try:
        gov.ingest_openlineage(event)
        assert problem is None
    except psycopg.errors.InvalidParameterValue as exc:
        assert exc.diag.message_primary.startswith("lineage.ingest_openlineage: $")
