"""A throwaway PostgreSQL cluster for the demo and the tests.

initdb and postgres refuse to run as root, so when we are root the cluster runs as an
unprivileged OS user (nobody by default) while we keep connecting as its superuser
through a Unix socket in a private directory: no TCP port, nothing shared.
"""
from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

SUPERUSER = "postgres"
PORT = 5432  # only names the socket file; the cluster listens on no TCP port


class ThrowawayError(RuntimeError):
    """The throwaway server could not be found, initialised or started."""


def find_bindir() -> Path:
    """PG_BINDIR, else pg_config --bindir, else the newest /usr/lib/postgresql/*/bin."""
    if os.environ.get("PG_BINDIR"):
        # Set on purpose: a wrong value is reported, not silently replaced by another server.
        bindir = Path(os.environ["PG_BINDIR"])
        if not _has_server(bindir):
            raise ThrowawayError(f"PG_BINDIR={bindir} has no initdb and postgres: point it at the server's bin "
                                 "directory (e.g. /usr/lib/postgresql/15/bin) or unset it")
        return bindir
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        if out.returncode == 0:
            candidates.append(Path(out.stdout.strip()))
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"),
                         key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0, reverse=True)
    for bindir in candidates:
        if _has_server(bindir):
            return bindir
    raise ThrowawayError(
        "PostgreSQL server binaries (initdb, postgres) not found: install the server package "
        "(on Debian: postgresql) or set PG_BINDIR")


def _has_server(bindir: Path) -> bool:
    return (bindir / "initdb").exists() and (bindir / "postgres").exists()


class ThrowawayCluster:
    def __init__(self, settings: dict[str, str] | None = None, os_user: str = "nobody"):
        self.bindir = find_bindir()
        self.settings = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off",
                         "max_connections": "100", **(settings or {})}
        self._user = pwd.getpwnam(os_user) if os.geteuid() == 0 else None
        self.base = Path(tempfile.mkdtemp(prefix="pg-governance-"))
        self.datadir = self.base / "data"
        self.socketdir = self.base
        self._process: subprocess.Popen | None = None

    def dsn(self, dbname: str = "postgres") -> str:
        return f"host={self.socketdir} port={PORT} user={SUPERUSER} dbname={dbname}"

    def start(self) -> ThrowawayCluster:
        if self._user:
            os.chown(self.base, self._user.pw_uid, self._user.pw_gid)
        os.chmod(self.base, 0o700)
        self._run([str(self.bindir / "initdb"), "-D", str(self.datadir), "-U", SUPERUSER,
                   "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"])
        self._launch()
        return self

    def crash_and_restart(self) -> None:
        """Kills the server as a crash of the machine would (SIGKILL to the postmaster and
        every process it started, no shutdown), then starts it again on the same data, which
        it recovers from its WAL. A process of the old server still attached to its shared
        memory makes a new one refuse to start: an idle backend may take long to notice
        that its postmaster is gone, so it is killed too, and waited for."""
        children = _child_pids(self._process.pid)
        self._process.kill()
        self._process.wait()
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        while True:
            try:
                self._launch()
                return
            except ThrowawayError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    def _launch(self) -> None:
        args = [str(self.bindir / "postgres"), "-D", str(self.datadir), "-p", str(PORT),
                "-k", str(self.socketdir), "-c", "listen_addresses="]
        for name, value in self.settings.items():
            args += ["-c", f"{name}={value}"]
        log = open(self.base / "server.log", "ab")
        self._process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, **self._as_user())
        self._wait_ready()

    def stop(self) -> None:
        if self._process and self._process.poll() is None:
            self._process.send_signal(2)  # SIGINT: fast shutdown, clients are disconnected
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        shutil.rmtree(self.base, ignore_errors=True)

    def __enter__(self) -> ThrowawayCluster:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc) -> None:
        self.stop()

    def log(self) -> str:
        path = self.base / "server.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def _as_user(self) -> dict:
        if not self._user:
            return {}
        return {"user": self._user.pw_uid, "group": self._user.pw_gid, "extra_groups": [],
                "env": {**os.environ, "HOME": str(self.base)}}

    def _run(self, args: list[str]) -> None:
        result = subprocess.run(args, capture_output=True, text=True, **self._as_user())
        if result.returncode != 0:
            raise ThrowawayError(f"{Path(args[0]).name} failed:\n{result.stdout}{result.stderr}")

    def _wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if self._process.poll() is not None:
                raise ThrowawayError(f"postgres exited while starting:\n{self.log()}")
            try:
                psycopg.connect(self.dsn(), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise ThrowawayError(f"postgres did not accept connections within {timeout}s:\n{self.log()}") from None
                time.sleep(0.1)


def _child_pids(parent: int) -> list[int]:
    """The processes whose parent is `parent` (Linux /proc)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                # The fields after the command name, which may hold spaces and parentheses.
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == parent:
                    pids.append(int(entry.name))
    return pids


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting for its parent (init reaps the old server's)."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
