"""apply and status say when the database is a Citus coordinator.

Citus is not installable where the tests run: its catalog relation pg_dist_partition is
faked in pg_catalog (what the detection reads); pgtap/citus_tables_are_refused_by_name.sql
tests the refusals the same way.
"""
from __future__ import annotations

import psycopg

FAKE_CITUS = """
    SET allow_system_table_mods = on;
    CREATE TABLE pg_catalog.pg_dist_partition (logicalrelid regclass, partmethod "char", colocationid int, repmodel "char");
    RESET allow_system_table_mods;
    CREATE TABLE public.events (id int);
    CREATE TABLE public.countries (code text);
    INSERT INTO pg_catalog.pg_dist_partition VALUES ('public.events', 'h', 1, 's'), ('public.countries', 'n', 2, 't');
"""


def fake_citus(dsn: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(FAKE_CITUS)


def test_a_first_install_on_a_citus_coordinator_says_what_stays_local(fresh_db, cli):
    fake_citus(fresh_db)
    result = cli("apply", "--dsn", fresh_db)
    assert result.returncode == 0, result.stderr
    assert "Warning: Citus detected (1 distributed, 1 reference, 0 Citus local table(s))" in result.stderr
    assert "docs/scale-out.md" in result.stderr


def test_status_reports_citus_and_nothing_without_it(installed_db, cli):
    plain = cli("status", "--dsn", installed_db)
    assert plain.returncode == 0 and "Citus" not in plain.stdout, plain.stdout
    fake_citus(installed_db)
    citus = cli("status", "--dsn", installed_db)
    assert citus.returncode == 0, citus.stderr
    assert "Citus detected (1 distributed, 1 reference, 0 Citus local table(s))" in citus.stdout
