"""End-to-end OpenLineage intake through `pg-governance serve`.

    python -m bench.serve [--events 5000] [--clients 8] [--runs 3]

A throwaway server with the pack, a login role that is no superuser (member of
governance_app), `pg-governance serve` as a subprocess with an API key, and --clients
threads each holding one keep-alive HTTP connection, posting the events of
bench.lineage (two inputs, one output with column lineage, a fresh run each) until all
are acknowledged (201). Events/s is counted from the first request to the last answer:
HTTP parsing, authentication, the pool, and the ingestion committed in the database.

Baseline, in the same run: the same number of events ingested inside the database in one
statement (bench.lineage's governed figure), i.e. what HTTP and the server add. The real
openlineage-python client (HttpTransport, one connection, one event at a time, as an
Airflow task sends them) is measured too.
"""
from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import psycopg

from .common import governed_database, seconds
from .lineage import openlineage_event

KEY = "bench-key"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(dsn: str, workdir: Path, pool_size: int) -> tuple[subprocess.Popen, int]:
    keys = workdir / "keys"
    keys.write_text(f"bench governance_app sha256:{hashlib.sha256(KEY.encode()).hexdigest()}\n")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "installer", "serve", "--dsn", f"{dsn} user=bench_gateway",
                               "--port", str(port), "--api-keys", str(keys), "--pool-size", str(pool_size)],
                              stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
                return server, port
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the server did not start") from None
            time.sleep(0.2)


def post_all(port: int, events: list[str], clients: int) -> float:
    """Seconds to have every event acknowledged, --clients connections in parallel."""
    failures: list[str] = []

    def worker(share: list[str]) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {KEY}"}
        for body in share:
            conn.request("POST", "/api/v1/lineage", body=body.encode(), headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 201:
                failures.append(f"{response.status}")
        conn.close()

    threads = [threading.Thread(target=worker, args=(events[i::clients],)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        raise SystemExit(f"{len(failures)} events were not accepted: {failures[:5]}")
    return elapsed


def with_client(port: int, events: int) -> float:
    """Seconds for openlineage-python's HttpTransport to send `events` typed RunEvents, one
    at a time (the events of bench.lineage, rebuilt with the client's model)."""
    from openlineage.client import OpenLineageClient
    from openlineage.client.event_v2 import InputDataset, Job, OutputDataset, Run, RunEvent, RunState
    from openlineage.client.facet_v2 import column_lineage_dataset as cl
    from openlineage.client.transport.http import HttpConfig, HttpTransport

    def typed(index: int) -> RunEvent:
        doc = json.loads(openlineage_event(index))
        output = doc["outputs"][0]
        lineage = {name: cl.Fields(inputFields=[cl.InputField(namespace=f["namespace"], name=f["name"], field=f["field"])
                                                for f in spec["inputFields"]])
                   for name, spec in output["facets"]["columnLineage"]["fields"].items()}
        return RunEvent(eventType=RunState.COMPLETE, eventTime=doc["eventTime"], producer=doc["producer"],
                        run=Run(runId=doc["run"]["runId"]), job=Job(**doc["job"]),
                        inputs=[InputDataset(**d) for d in doc["inputs"]],
                        outputs=[OutputDataset(namespace=output["namespace"], name=output["name"],
                                               facets={"columnLineage": cl.ColumnLineageDatasetFacet(fields=lineage)})])

    client = OpenLineageClient(transport=HttpTransport(HttpConfig.from_dict(
        {"url": f"http://127.0.0.1:{port}", "auth": {"type": "api_key", "apiKey": KEY}})))
    batch = [typed(i) for i in range(events)]
    return seconds(lambda: [client.emit(event) for event in batch])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--pool-size", type=int, default=4)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--client-events", type=int, default=500, help="events sent with openlineage-python")
    args = parser.parse_args()
    with governed_database() as dsn, tempfile.TemporaryDirectory() as workdir:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("CREATE ROLE bench_gateway LOGIN NOINHERIT")
            conn.execute("GRANT governance_app TO bench_gateway")
        server, port = start(dsn, Path(workdir), args.pool_size)
        try:
            with psycopg.connect(dsn, autocommit=True) as conn:
                post_all(port, [openlineage_event(i) for i in range(500)], args.clients)  # warm up: assets exist
                http_rates, sql_rates = [], []
                for _ in range(args.runs):
                    http_rates.append(args.events / post_all(port, [openlineage_event(i) for i in range(args.events)],
                                                             args.clients))
                    docs = [openlineage_event(i) for i in range(args.events)]
                    sql_rates.append(args.events / seconds(lambda docs=docs: conn.execute(
                        "SELECT count(*) FROM unnest(%s::jsonb[]) e WHERE lineage.ingest_openlineage(e)", (docs,))))
            client_rate = args.client_events / with_client(port, args.client_events)
        finally:
            server.terminate()
            server.wait(timeout=30)
    http_rate, sql_rate = statistics.median(http_rates), statistics.median(sql_rates)
    print(f"\nOpenLineage intake, {args.events} events x {args.runs} runs, {args.clients} HTTP clients, "
          f"pool of {args.pool_size} (medians)")
    print(f"{'path':52} {'events/s':>10}")
    print(f"{'in the database, one statement (baseline)':52} {sql_rate:10,.0f}")
    print(f"{'HTTP end to end, ' + str(args.clients) + ' keep-alive connections':52} {http_rate:10,.0f}")
    print(f"{'openlineage-python HttpTransport, one at a time':52} {client_rate:10,.0f}")
    print(f"HTTP / in-database: {http_rate / sql_rate:.2f}x; target >= 1,000 events/s end to end: "
          f"{'met' if http_rate >= 1000 else 'NOT met'}")


if __name__ == "__main__":
    main()
