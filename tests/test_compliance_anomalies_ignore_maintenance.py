"""The SOC 2 anomaly check counts what actors do, not the pack's own bulk rewrites (an
encrypt_column conversion updates every row of a table), and its score is always a
number, never Infinity. Committed transactions: the check reads the last hour up to now()."""
from __future__ import annotations

import json

import psycopg

from installer import Governance
from tests.encryption_fixtures import create_key

MASTER = "anomaly test master key: 0123456789abcdef"


def anomalies(conn: psycopg.Connection) -> list[tuple]:
    return conn.execute("SELECT actor, current_count, score FROM compliance.activity_anomalies("
                        "'audit.changes', table_column => 'table_name')").fetchall()


def soc2_evidence(conn: psycopg.Connection) -> tuple[str, str]:
    status, evidence = conn.execute("SELECT status, evidence FROM compliance.run_checks('soc2') "
                                    "WHERE check_id = 'soc2.activity_anomalies'").fetchone()
    return status, json.dumps(evidence)


def test_a_conversion_is_no_anomaly_and_scores_are_numbers(installed_db):
    with psycopg.connect(installed_db, autocommit=True) as conn:
        conn.execute("CREATE TABLE public.members (id integer PRIMARY KEY, ssn text, nickname text)")
        conn.execute("INSERT INTO public.members SELECT i, '078-05-' || lpad(i::text, 4, '0'), 'nick ' || i "
                     "FROM generate_series(1, 300) i")
        conn.execute("SELECT governance.classify('public.members', 'nickname', 'direct_identifier')")
        conn.execute("SELECT audit.enable('public.members')")
        with conn.transaction():
            create_key(conn, MASTER, "anomaly_key")
        with conn.transaction():
            Governance(conn).unlock(MASTER)
            done = conn.execute("SELECT done FROM governance.encrypt_column('public.members', 'ssn', 'anomaly_key')").fetchone()[0]
        assert done
        assert conn.execute("SELECT count(*) FROM audit.changes WHERE table_name = 'public.members' "
                            "AND op = 'UPDATE'").fetchone()[0] >= 300
        assert anomalies(conn) == [], "the pack's conversion was flagged as an actor's anomaly"
        assert soc2_evidence(conn)[0] == "pass"

        # The same actor then changes 50 rows itself, with no activity before: flagged, with
        # a finite score (no spread in the baseline: one event per window stands in).
        conn.execute("UPDATE public.members SET nickname = 'changed ' || id WHERE id <= 50")
        [(actor, count, score)] = anomalies(conn)
        assert (count, round(score, 3)) == (50, round(0.6745 * 50, 3))
        status, evidence = soc2_evidence(conn)
        assert status == "warn" and "nfinity" not in evidence, evidence
