"""Server settings the shared test cluster cannot change: a second throwaway cluster,
configured as the remedies say (TLS, connection logging, scram-only pg_hba.conf), shows
those checks passing, and a cluster without pgaudit shows the pgaudit check failing."""
from __future__ import annotations

import os
import pwd
import subprocess
from collections.abc import Iterator

import psycopg
import pytest
from conftest import PGAUDIT_TESTABLE, quiet

from installer.engine.migrate import apply
from installer.engine.throwaway import ThrowawayCluster

PASSWORD = "s3cret-for-tests"


def statuses(conn: psycopg.Connection) -> dict[str, tuple[str, object]]:
    return {row[0]: (row[1], row[2]) for row in
            conn.execute("SELECT check_id, status, evidence FROM compliance.run_checks()")}


@pytest.fixture(scope="module")
def hardened() -> Iterator[tuple[ThrowawayCluster, str]]:
    cluster = ThrowawayCluster()
    cert, key = cluster.base / "server.crt", cluster.base / "server.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    if os.geteuid() == 0:  # as root the server runs as nobody, and refuses a key others can read
        nobody = pwd.getpwnam("nobody")
        for path in (cert, key):
            os.chown(path, nobody.pw_uid, nobody.pw_gid)
    key.chmod(0o600)
    cluster.settings.update({"ssl": "on", "ssl_cert_file": str(cert), "ssl_key_file": str(key),
                             "log_connections": "on", "log_disconnections": "on", "log_statement": "ddl",
                             # the default from 14 on; 13's is md5
                             "password_encryption": "scram-sha-256"})
    with cluster:
        with psycopg.connect(cluster.dsn(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE hardened")
            conn.execute(f"ALTER ROLE postgres PASSWORD '{PASSWORD}'")
        with psycopg.connect(cluster.dsn("hardened")) as conn:
            apply(conn, report=quiet)
        yield cluster, cluster.dsn("hardened") + f" password={PASSWORD}"


def write_hba(cluster: ThrowawayCluster, dsn: str, lines: str) -> None:
    hba = cluster.datadir / "pg_hba.conf"
    hba.write_text(lines)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("SELECT pg_reload_conf()")


def test_remedied_settings_pass(hardened):
    cluster, dsn = hardened
    with psycopg.connect(dsn) as conn:
        before = statuses(conn)
    assert before["security.hba_trust"][0] == "fail", "initdb --auth=trust writes trust lines"
    for check in ("security.ssl", "security.log_connections", "security.log_disconnections",
                  "security.log_statement", "security.password_encryption", "security.login_without_password"):
        assert before[check][0] == "pass", (check, before[check])

    write_hba(cluster, dsn, "local all all scram-sha-256\n")
    with psycopg.connect(dsn) as conn:
        after = statuses(conn)
    assert after["security.hba_trust"][0] == "pass"
    assert after["security.hba_weak_methods"][0] == "pass"
    assert after["security.hba_errors"][0] == "pass"


@pytest.mark.parametrize("value, status", [
    ("all", "pass"), ("receipt,authentication,authorization", "pass"), ("authorization, receipt,authentication", "pass"),
    ("receipt", "fail"), ("", "fail"), ("off", "fail")])
def test_log_connections_takes_each_version_s_values(hardened, value, status):
    """A boolean up to 17 (the fixture's `on` passes, test_remedied_settings_pass); from 18
    a list of what to log, where only a list covering who connected from where passes."""
    _, dsn = hardened
    with psycopg.connect(dsn) as conn:
        if conn.info.server_version < 180000 and value != "off":
            pytest.skip(f"log_connections is a boolean before PostgreSQL 18: {value!r} is not a value there")
    # A superuser may set this backend setting when connecting (a space in options is escaped).
    with psycopg.connect(dsn, options="-c log_connections=" + value.replace(" ", "\\ ")) as conn:
        assert statuses(conn)["security.log_connections"][0] == status


def test_weak_and_broken_hba_lines_fail(hardened):
    cluster, dsn = hardened
    write_hba(cluster, dsn, "local all all scram-sha-256\nhost all all 10.0.0.0/8 md5\nhost all all nonsense\n")
    with psycopg.connect(dsn) as conn:
        result = statuses(conn)
    assert result["security.hba_weak_methods"] == (
        "fail", [{"line_number": 2, "type": "host", "database": ["all"], "user_name": ["all"],
                  "address": "10.0.0.0", "auth_method": "md5"}])
    status, evidence = result["security.hba_errors"]
    assert status == "fail" and evidence[0]["line_number"] == 3
    write_hba(cluster, dsn, "local all all scram-sha-256\n")
    with psycopg.connect(dsn) as conn:
        result = statuses(conn)
    assert result["security.hba_weak_methods"][0] == result["security.hba_errors"][0] == "pass"


def test_special_category_data_without_pgaudit_fails(hardened):
    _, dsn = hardened
    with psycopg.connect(dsn) as conn:
        conn.execute("CREATE TABLE public.scans (id int PRIMARY KEY, face bytea)")
        assert statuses(conn)["hipaa.pgaudit_not_loaded"][0] == "pass", "no special-category data yet"
        conn.execute("SELECT governance.classify('public.scans', 'face', 'biometric', 'restricted')")
        status, evidence = statuses(conn)["hipaa.pgaudit_not_loaded"]
        assert status == "fail" and evidence == [{"table_name": "public.scans", "categories": ["biometric"]}]
        conn.rollback()


@pytest.mark.skipif(not PGAUDIT_TESTABLE, reason="this server tree has no pgaudit (the matrix tests it on Debian's major)")
def test_pgaudit_loaded_passes(installed_db, cluster):
    """The shared cluster loads pgaudit (see conftest): the same data passes there."""
    with psycopg.connect(installed_db) as conn:
        assert "pgaudit" in conn.execute("SHOW shared_preload_libraries").fetchone()[0]
        conn.execute("CREATE TABLE public.scans (id int PRIMARY KEY, face bytea)")
        conn.execute("SELECT governance.classify('public.scans', 'face', 'biometric', 'restricted')")
        assert statuses(conn)["hipaa.pgaudit_not_loaded"][0] == "pass"
