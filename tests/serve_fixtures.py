"""A running `pg-governance serve` for the tests: its own database, a login role that is no
superuser (member of governance_app and governance_auditor), an API key for each, and the
server as a subprocess whose structured log lines the test can read."""
from __future__ import annotations

import hashlib
import json
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
from conftest import REPO, _new_database, admin_execute

PIPELINE_KEY = "pipeline-key-0123456789"
AUDITOR_KEY = "auditor-key-9876543210"
GATEWAY = "serve_gateway"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_login(dsn: str, role: str) -> str:
    return f"{dsn} user={role}"


@dataclass
class Server:
    url: str
    dsn: str  # the database, as its superuser (to set up and check)
    process: subprocess.Popen
    lines: queue.Queue = field(default_factory=queue.Queue)
    log: list[dict] = field(default_factory=list)

    def read_log(self) -> None:
        for line in self.process.stderr:
            try:
                entry = json.loads(line)
            except ValueError:
                entry = {"event": "unstructured", "line": line.rstrip()}
            self.log.append(entry)
            self.lines.put(entry)

    def wait_for(self, predicate, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                entry = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if predicate(entry):
                return entry
        raise AssertionError(f"no such log line; log so far: {self.log[-20:]}")

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=30)


def key_file(tmp: Path) -> Path:
    path = tmp / "keys"
    path.write_text("# name role sha256\n"
                    f"pipeline governance_app sha256:{hashlib.sha256(PIPELINE_KEY.encode()).hexdigest()}\n"
                    f"auditor governance_auditor sha256:{hashlib.sha256(AUDITOR_KEY.encode()).hexdigest()}\n")
    return path


def serve_args(dsn: str, *extra: str, port: int) -> list[str]:
    return [sys.executable, "-m", "installer", "serve", "--dsn", dsn, "--port", str(port), *extra]


def start_server(dsn: str, tmp: Path, *extra: str) -> Server:
    port = free_port()
    process = subprocess.Popen(serve_args(as_login(dsn, GATEWAY), "--api-keys", str(key_file(tmp)), *extra,
                                          port=port),
                               cwd=REPO, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    server = Server(f"http://127.0.0.1:{port}", dsn, process)
    threading.Thread(target=server.read_log, daemon=True).start()
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{server.url}/health", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the server did not start: {server.log}") from None
            time.sleep(0.1)


@pytest.fixture(scope="module")
def serve_db(cluster, installed_template) -> Iterator[str]:
    with psycopg.connect(cluster.dsn(), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (GATEWAY,)).fetchone():
            # NOINHERIT: the login itself holds nothing; it can only become a key's role.
            conn.execute(f"CREATE ROLE {GATEWAY} LOGIN NOINHERIT")
            conn.execute(f"GRANT governance_app, governance_auditor TO {GATEWAY}")
    yield from _new_database(cluster, installed_template)


@pytest.fixture(scope="module")
def server(serve_db, tmp_path_factory) -> Iterator[Server]:
    running = start_server(serve_db, tmp_path_factory.mktemp("serve"), "--refresh-seconds", "1")
    yield running
    running.stop()


__all__ = ["AUDITOR_KEY", "GATEWAY", "PIPELINE_KEY", "Server", "admin_execute", "as_login", "free_port",
           "key_file", "serve_args", "serve_db", "server", "start_server"]
