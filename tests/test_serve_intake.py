"""`pg-governance serve`: OpenLineage intake as Marquez's POST /api/v1/lineage, driven by the
real openlineage-python client's HTTP transport; errors, limits, authentication, health,
structured logs, graceful shutdown, and what the server refuses to start with."""
from __future__ import annotations

import datetime
import gzip
import json
import subprocess
import threading
import uuid

import psycopg
import pytest
import requests
from conftest import run_cli
from openlineage.client import OpenLineageClient
from openlineage.client.event_v2 import InputDataset, Job, OutputDataset, Run, RunEvent, RunState
from openlineage.client.facet_v2 import column_lineage_dataset as cl
from openlineage.client.transport.http import HttpConfig, HttpTransport
from serve_fixtures import (
    AUDITOR_KEY,
    GATEWAY,
    PIPELINE_KEY,
    REPO,
    Server,
    as_login,
    free_port,
    key_file,
    serve_args,
    start_server,
)

PRODUCER = "https://github.com/example/pipelines/tree/v1"


def client(url: str, key: str | None = PIPELINE_KEY, **config) -> OpenLineageClient:
    options = {"url": url, **({"auth": {"type": "api_key", "apiKey": key}} if key else {}), **config}
    return OpenLineageClient(transport=HttpTransport(HttpConfig.from_dict(options)))


def event(state: RunState, run_id: str, job: str = "build_features") -> RunEvent:
    return RunEvent(
        eventType=state, eventTime=datetime.datetime.now(datetime.timezone.utc).isoformat(),
        run=Run(runId=run_id), job=Job(namespace="airflow", name=job), producer=PRODUCER,
        inputs=[InputDataset(namespace="postgres://warehouse:5432", name="app.public.users")],
        outputs=[OutputDataset(namespace="s3://features", name="user_features", facets={
            "columnLineage": cl.ColumnLineageDatasetFacet(fields={"email_domain": cl.Fields(inputFields=[
                cl.InputField(namespace="postgres://warehouse:5432", name="app.public.users", field="email")])})})])


def test_the_client_s_events_become_lineage_as_the_key_s_role(server):
    run_id = str(uuid.uuid4())
    ol = client(server.url)
    ol.emit(event(RunState.START, run_id))
    ol.emit(event(RunState.COMPLETE, run_id))
    ol.emit(event(RunState.COMPLETE, run_id))  # a replay: accepted (201), changes nothing
    with psycopg.connect(server.dsn) as conn:
        received = conn.execute("SELECT event_type, received_by FROM lineage.openlineage_events "
                                "WHERE run_id = %s ORDER BY event_type", (run_id,)).fetchall()
        edge = conn.execute("""
            SELECT e.details #>> '{job,name}', e.created_by, c.source_column, c.target_column
              FROM lineage.edges e JOIN lineage.column_edges c ON c.edge_id = e.id
              JOIN lineage.assets s ON s.id = e.source_id JOIN lineage.assets t ON t.id = e.target_id
             WHERE s.name = 'app.public.users' AND t.name = 'user_features' AND e.valid_to IS NULL""").fetchone()
    # Recorded by the login (the session's actor); run with governance_app's rights, the
    # key's role (the auditor's key is refused: test_a_key_whose_role_may_not_ingest_gets_403).
    assert received == [("COMPLETE", GATEWAY), ("START", GATEWAY)]
    assert edge == ("build_features", "airflow/build_features", "email", "email_domain")
    lines = [e for e in server.log if e.get("event") == "request"][-3:]
    assert [(e["status"], e["key"], e["path"], e["method"]) for e in lines] == [(201, "pipeline", "/api/v1/lineage", "POST")] * 3
    assert all(isinstance(e["ms"], float) for e in lines)
    assert all(PIPELINE_KEY not in json.dumps(e) for e in server.log)


def test_gzip_bodies_are_accepted(server):
    run_id = str(uuid.uuid4())
    client(server.url, compression="gzip").emit(event(RunState.COMPLETE, run_id, job="gzipped"))
    with psycopg.connect(server.dsn) as conn:
        assert conn.execute("SELECT count(*) FROM lineage.openlineage_events WHERE run_id = %s", (run_id,)).fetchone() == (1,)


def test_without_a_valid_key_the_client_is_refused_401(server):
    for key in (None, "wrong-key"):
        with pytest.raises(requests.HTTPError) as refused:
            client(server.url, key=key).emit(event(RunState.COMPLETE, str(uuid.uuid4())))
        assert refused.value.response.status_code == 401
        assert refused.value.response.headers["WWW-Authenticate"] == "Bearer"
        assert "API key" in refused.value.response.json()["message"]


def post(server, body: bytes | str, key: str = PIPELINE_KEY, **headers) -> requests.Response:
    return requests.post(f"{server.url}/api/v1/lineage", data=body, timeout=10,
                         headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}", **headers})


def valid() -> dict:
    return {"eventType": "COMPLETE", "eventTime": "2024-05-01T10:00:00Z", "producer": PRODUCER,
            "run": {"runId": str(uuid.uuid4())}, "job": {"namespace": "airflow", "name": "errors"},
            "inputs": [], "outputs": []}


@pytest.mark.parametrize("change, field", [
    (lambda e: e["run"].update(runId="not-a-uuid"), "$.run.runId"),
    (lambda e: e.pop("eventTime"), "$.eventTime"),
    (lambda e: e["job"].update(name=""), "$.job.name"),
    (lambda e: e.update(outputs=[{"namespace": "s3://x"}]), "$.outputs[0].name"),
    (lambda e: e.update(eventType="DONE"), "$.eventType"),
])
def test_an_invalid_event_is_422_naming_the_field(server, change, field):
    document = valid()
    change(document)
    response = post(server, json.dumps(document))
    assert response.status_code == 422, response.text
    assert response.json()["field"] == field
    assert response.json()["errors"][0].startswith(field)


def test_malformed_json_400_wrong_media_415_too_large_413_wrong_method_405(server):
    assert post(server, "{not json").status_code == 400
    assert post(server, json.dumps(valid()), **{"Content-Type": "text/plain"}).status_code == 415
    big = valid()
    big["job"]["facets"] = {"padding": {"x": "y" * (1024 * 1024)}}
    assert post(server, json.dumps(big)).status_code == 413
    # A gzip bomb: small on the wire, over the limit once inflated.
    bomb = gzip.compress(json.dumps(big).encode())
    assert len(bomb) < 64 * 1024
    assert post(server, bomb, **{"Content-Encoding": "gzip"}).status_code == 413
    assert requests.get(f"{server.url}/api/v1/lineage", timeout=10).status_code == 405
    assert requests.get(f"{server.url}/api/v1/nothing", timeout=10).status_code == 404


def test_a_key_whose_role_may_not_ingest_gets_403(server):
    response = post(server, json.dumps(valid()), key=AUDITOR_KEY)
    assert response.status_code == 403
    assert "governance_auditor" in response.json()["message"]


def test_health(server):
    response = requests.get(f"{server.url}/health", timeout=10)
    assert response.status_code == 200 and response.json() == {"status": "ok", "database": "ok"}


def test_refuses_to_start_without_auth_off_loopback_or_as_superuser(serve_db, tmp_path, cluster):
    login = as_login(serve_db, GATEWAY)
    port = str(free_port())
    no_auth = run_cli("serve", "--dsn", login, "--port", port)
    assert no_auth.returncode == 2 and "no authentication" in no_auth.stderr
    open_bind = run_cli("serve", "--dsn", login, "--port", port, "--host", "0.0.0.0", "--no-auth", "governance_app")
    assert open_bind.returncode == 2 and "not a loopback address" in open_bind.stderr
    superuser = run_cli("serve", "--dsn", serve_db, "--port", port, "--api-keys", str(key_file(tmp_path)))
    assert superuser.returncode == 2 and "is a superuser" in superuser.stderr
    with psycopg.connect(cluster.dsn(), autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS serve_outsider")
        conn.execute("CREATE ROLE serve_outsider LOGIN")
    outsider = run_cli("serve", "--dsn", as_login(serve_db, "serve_outsider"), "--port", port,
                       "--api-keys", str(key_file(tmp_path)))
    assert outsider.returncode == 2 and "is not a member of governance_app" in outsider.stderr


def test_loopback_without_auth_runs_as_the_named_role_and_stops_gracefully(serve_db, tmp_path):
    running = start_server(serve_db, tmp_path)  # with keys; then one without, on loopback
    assert running.stop() == 0
    assert "stopped" in [e["event"] for e in running.log]
    port = free_port()
    process = subprocess.Popen(serve_args(as_login(serve_db, GATEWAY), "--no-auth", "governance_app", port=port),
                               cwd=REPO, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    anonymous = Server(f"http://127.0.0.1:{port}", serve_db, process)
    threading.Thread(target=anonymous.read_log, daemon=True).start()
    anonymous.wait_for(lambda e: "Uvicorn running" in e.get("event", ""))
    run_id = str(uuid.uuid4())
    client(anonymous.url, key=None).emit(event(RunState.COMPLETE, run_id, job="anonymous"))
    assert anonymous.stop() == 0
    assert "stopped" in [e["event"] for e in anonymous.log]
    with psycopg.connect(serve_db) as conn:
        assert conn.execute("SELECT received_by FROM lineage.openlineage_events WHERE run_id = %s",
                            (run_id,)).fetchone() == (GATEWAY,)
