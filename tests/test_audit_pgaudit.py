"""audit.configure_pgaudit: object auditing of reads of classified tables where pgaudit is loaded."""
from __future__ import annotations

import time
import uuid

import psycopg
import pytest
from conftest import PGAUDIT_TESTABLE

from installer import Governance
from installer.engine.migrate import apply
from installer.engine.throwaway import ThrowawayCluster


@pytest.mark.skipif(not PGAUDIT_TESTABLE, reason="this server tree has no pgaudit (the matrix tests it on Debian's major)")
def test_reads_of_classified_tables_reach_the_pgaudit_log(installed_db, cluster):
    with psycopg.connect(installed_db) as conn:
        gov = Governance(conn)
        conn.execute('CREATE TABLE public."Patient Notes" (id int PRIMARY KEY, diagnosis text)')
        conn.execute("CREATE TABLE public.weather (id int PRIMARY KEY, temp int)")
        gov.classify('public."Patient Notes"', "diagnosis", "health", "restricted")
        result = gov.configure_pgaudit()
        conn.commit()
    assert result["pgaudit_loaded"] is True, "the test cluster preloads pgaudit"
    assert result["tables"] == ['public."Patient Notes"'] and result["role_set"] is True

    marker = uuid.uuid4().hex
    with psycopg.connect(installed_db) as conn:  # pgaudit.role applies to new sessions
        conn.execute(f'SELECT /* {marker} */ * FROM public."Patient Notes"')
        conn.execute(f"SELECT /* {marker} */ * FROM public.weather")
    deadline = time.monotonic() + 5
    while marker not in cluster.log() and time.monotonic() < deadline:
        time.sleep(0.1)
    lines = [line for line in cluster.log().splitlines() if marker in line]
    assert any("AUDIT: OBJECT" in line and "Patient Notes" in line for line in lines)
    assert not any("weather" in line and "AUDIT" in line for line in lines), "unclassified tables are not logged"


def test_without_pgaudit_it_says_so_and_changes_nothing():
    with ThrowawayCluster() as server:  # no shared_preload_libraries
        with psycopg.connect(server.dsn()) as conn:
            apply(conn, report=lambda _: None)
            result = Governance(conn).configure_pgaudit()
            assert result["pgaudit_loaded"] is False and "not loaded" in result["message"]
            assert conn.execute("SELECT count(*) FROM pg_roles WHERE rolname = 'governance_pgaudit'").fetchone()[0] == 0
            assert conn.execute("SELECT count(*) FROM audit.events").fetchone()[0] == 0
