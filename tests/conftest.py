"""One throwaway cluster per test session; databases are cheap copies of templates."""
from __future__ import annotations

import itertools
import os
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from installer.engine.migrate import apply
from installer.engine.preflight import ROLES
from installer.engine.throwaway import ThrowawayCluster, find_bindir

REPO = Path(__file__).resolve().parent.parent
INSTALLED_TEMPLATE = "governance_template"
_names = itertools.count()


def quiet(_: str) -> None:
    """A report callback that keeps installer progress out of test output."""


@pytest.fixture(scope="session")
def cluster() -> Iterator[ThrowawayCluster]:
    # pgaudit is loaded when the package is present, so that its integration is testable.
    settings = {"shared_preload_libraries": "pgaudit"} if _pgaudit_available() else {}
    with ThrowawayCluster(settings=settings) as server:
        yield server


def _pgaudit_available() -> bool:
    pkglibdir = _pkglibdir()
    return pkglibdir is not None and (pkglibdir / "pgaudit.so").exists()


def _pkglibdir() -> Path | None:
    bindir = find_bindir()
    if (bindir / "pg_config").exists():
        out = subprocess.run([str(bindir / "pg_config"), "--pkglibdir"], capture_output=True, text=True)
        return Path(out.stdout.strip()) if out.returncode == 0 and out.stdout.strip() else None
    # A relocatable tree without pg_config (the test matrix's npm trees): the default layout.
    return bindir.parent / "lib" / "postgresql"


# The pgaudit test runs wherever pg_config can vouch for the server's packages (Debian's:
# there a missing pgaudit is a set-up error the test reports); trees without pg_config and
# without pgaudit (the matrix's other majors) skip it.
PGAUDIT_TESTABLE = _pgaudit_available() or (find_bindir() / "pg_config").exists()


def admin_execute(cluster: ThrowawayCluster, statement: str) -> None:
    with psycopg.connect(cluster.dsn(), autocommit=True) as conn:
        conn.execute(statement)


def unpack_release(archive: Path, target: Path) -> Path:
    """An earlier release's sql/ tree (tests/fixtures/release_*_sql.tar.xz) unpacked into
    target, refusing members that would land outside it; returns target/sql."""
    with tarfile.open(archive, "r:xz") as release:
        for member in release.getmembers():
            assert not member.name.startswith("/") and ".." not in Path(member.name).parts, member.name
            if member.isfile():
                path = target / member.name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(release.extractfile(member).read())
    return target / "sql"


def create_installing_role(cluster: ThrowawayCluster, name: str) -> None:
    """A DBA that is not a superuser, as the README asks for: LOGIN CREATEROLE, and where
    the governance_* roles already exist (another database of the cluster has the pack),
    on PostgreSQL 16+ ADMIN OPTION on them, which CREATEROLE no longer implies there."""
    with psycopg.connect(cluster.dsn(), autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {name} LOGIN CREATEROLE")
        existing = [row[0] for row in conn.execute(
            "SELECT quote_ident(rolname) FROM pg_roles WHERE rolname = ANY(%s) ORDER BY 1", (list(ROLES),))]
        if existing and conn.info.server_version >= 160000:
            conn.execute(f"GRANT {', '.join(existing)} TO {name} WITH ADMIN OPTION")


def create_writer_of_everything(cluster: ThrowawayCluster, dbname: str, name: str, *member_of: str) -> None:
    """A login that may write every table and sequence of the pack in dbname: a member of
    pg_write_all_data from PostgreSQL 14 on; on 13, which lacks it, the same rights granted
    table by table, as a grant made by mistake would. Tables of the pack must refuse it
    either way (row-level security)."""
    with psycopg.connect(cluster.dsn(dbname), autocommit=True) as conn:
        roles = [*member_of, *(["pg_write_all_data"] if conn.info.server_version >= 140000 else [])]
        conn.execute(f"CREATE ROLE {name} LOGIN" + (f" IN ROLE {', '.join(roles)}" if roles else ""))
        if "pg_write_all_data" not in roles:
            for (schema,) in conn.execute("SELECT quote_ident(s) FROM unnest(governance.pack_schemas()) s").fetchall():
                conn.execute(f"GRANT USAGE ON SCHEMA {schema} TO {name}; "
                             f"GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {name}; "
                             f"GRANT UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {name}")


@pytest.fixture(scope="session")
def installed_template(cluster: ThrowawayCluster) -> str:
    """A database with the pack installed by the installer, plus pgTAP and test helpers."""
    admin_execute(cluster, f"CREATE DATABASE {INSTALLED_TEMPLATE}")
    with psycopg.connect(cluster.dsn(INSTALLED_TEMPLATE)) as conn:
        apply(conn, report=quiet)
        conn.execute("CREATE EXTENSION pgtap")
        conn.execute((REPO / "pgtap" / "helpers" / "tests_schema.sql").read_text())
    return INSTALLED_TEMPLATE


def _new_database(cluster: ThrowawayCluster, template: str) -> Iterator[str]:
    name = f"test_{os.getpid()}_{next(_names)}"
    admin_execute(cluster, f"CREATE DATABASE {name} TEMPLATE {template}")
    yield cluster.dsn(name)
    admin_execute(cluster, f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def fresh_db(cluster: ThrowawayCluster) -> Iterator[str]:
    """An empty database: nothing of pg-governance in it."""
    yield from _new_database(cluster, "template0")


@pytest.fixture
def installed_db(cluster: ThrowawayCluster, installed_template: str) -> Iterator[str]:
    """A database with pg-governance installed."""
    yield from _new_database(cluster, installed_template)


@pytest.fixture(scope="session")
def pgtap_db(cluster: ThrowawayCluster, installed_template: str) -> Iterator[str]:
    """One installed database for the whole pgTAP suite: every pgTAP file rolls back."""
    yield from _new_database(cluster, installed_template)


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Runs `python -m installer ARGS` the way a user would."""
    return subprocess.run([sys.executable, "-m", "installer", *args], capture_output=True, text=True,
                          cwd=REPO, env=env, timeout=300)


@pytest.fixture
def cli():
    return run_cli


# The running `pg-governance serve` of the serve tests (tests/serve_fixtures.py).
from serve_fixtures import serve_db, server  # noqa: E402,F401
