"""No governance role can make the server work without end (issue 15, class 6).

lineage.column_downstream(asset, column, 2147483647) on a 2-edge cycle walked the cycle
once per level: hours of CPU from one call. Every traversal and every caller-sized input
is now bounded by governance.limits, which only the pack's owner changes, and refused past
the bound with 54000 (program_limit_exceeded). The attacks run from the least-privilege
logins; statement_timeout turns the old behaviour (hours) into a failure, not a hang."""
from __future__ import annotations

import json

import psycopg
import pytest
from conftest import admin_execute, create_writer_of_everything
from test_least_privilege_roles import ADMIN, AUDITOR, DBA, connect, db, template  # noqa: F401 (fixtures)

LIMIT = psycopg.errors.ProgramLimitExceeded


def guarded(conn: psycopg.Connection) -> psycopg.Connection:
    conn.execute("SET statement_timeout = '20s'")   # the unbounded walk took hours: fail, do not hang
    return conn


@pytest.fixture
def cycle(cluster, db):
    """Two assets whose columns feed each other (a -> b -> a), and a chain of 150 assets."""
    with connect(cluster, db, ADMIN) as admin:
        a = admin.execute("SELECT lineage.register_asset('lake', 'a', 'table')").fetchone()[0]
        b = admin.execute("SELECT lineage.register_asset('lake', 'b', 'table')").fetchone()[0]
        admin.execute("""SELECT lineage.add_edge(%s, %s, 'copy', '{"column_mappings": [{"source": "x", "target": "y"}]}', 't')""", (a, b))
        admin.execute("""SELECT lineage.add_edge(%s, %s, 'copy', '{"column_mappings": [{"source": "y", "target": "x"}]}', 't')""", (b, a))
        chain = [admin.execute("SELECT lineage.register_asset('chain', %s, 'table')", (str(i),)).fetchone()[0] for i in range(151)]
        for source, target in zip(chain, chain[1:]):
            admin.execute("SELECT lineage.add_edge(%s, %s, 'copy', '{}', 't')", (source, target))
    return a, b, chain[0]


def test_a_column_cycle_is_walked_once_and_a_huge_depth_is_refused(cluster, db, cycle):
    a, b, _ = cycle
    with guarded(connect(cluster, db, AUDITOR)) as auditor:
        with pytest.raises(LIMIT, match="max_depth is 2147483647, more than the limit 100"):
            auditor.execute("SELECT * FROM lineage.column_downstream(%s, 'x', 2147483647)", (a,))
        with pytest.raises(LIMIT):
            auditor.execute("SELECT * FROM lineage.column_upstream(%s, 'x', 2147483647)", (a,))
        # Within the bound, each column of the cycle once, at its shortest depth.
        rows = auditor.execute("SELECT asset_id, column_name, depth FROM lineage.column_downstream(%s, 'x', 100)", (a,)).fetchall()
        assert rows == [(b, "y", 1)]
        rows = auditor.execute("SELECT asset_id, depth FROM lineage.downstream(%s, 100)", (a,)).fetchall()
        assert rows == [(b, 1)], "the start is not its own downstream"
        for call in ("lineage.downstream(%s, 2147483647)", "lineage.upstream(%s, 101)", "lineage.impact(%s, 5000)",
                     "lineage.graph(%s, 1000)"):
            with pytest.raises(LIMIT):
                auditor.execute(f"SELECT * FROM {call}", (a,))


def test_a_walk_to_the_end_of_a_graph_deeper_than_the_limit_says_so(cluster, db, cycle):
    *_, head = cycle
    with guarded(connect(cluster, db, AUDITOR)) as auditor:
        with pytest.raises(LIMIT, match="goes deeper than the limit of 100 levels"):
            auditor.execute("SELECT * FROM lineage.impact(%s)", (head,))   # max_depth NULL: the whole graph
        assert auditor.execute("SELECT count(*) FROM lineage.impact(%s, 100)", (head,)).fetchone()[0] == 100


def test_oversized_inputs_are_refused(cluster, db):
    with connect(cluster, db, ADMIN) as admin:
        with pytest.raises(LIMIT, match="policy_bytes"):
            admin.execute("SELECT access.create_policy('big', %s::jsonb)",
                          (json.dumps({"actions": ["read"], "description": "x" * 70000}),))
        nested = {"attribute": "user.a", "operator": "exists"}
        for _ in range(70):
            nested = {"not": nested}
        with pytest.raises(LIMIT, match="policy_nesting"):
            admin.execute("SELECT access.create_policy('deep', %s::jsonb)", (json.dumps({"actions": ["read"], "conditions": [nested]}),))
        with pytest.raises(LIMIT, match="attribute_bytes"):
            admin.execute("SELECT access.set_user_attribute('u', 'a', %s::jsonb)", (json.dumps("x" * 70000),))
        event = {"eventType": "COMPLETE", "eventTime": "2024-05-01T10:00:00Z", "producer": "p",
                 "run": {"runId": "0190a3c2-5a1e-7cc2-a5c4-3c6f1e4b2d10"}, "job": {"namespace": "j", "name": "j"},
                 "inputs": [{"namespace": "n", "name": str(i)} for i in range(300)], "outputs": []}
        with pytest.raises(LIMIT, match="openlineage_datasets"):
            admin.execute("SELECT lineage.ingest_openlineage(%s::jsonb)", (json.dumps(event),))
        event["inputs"] = [{"namespace": "n", "name": "x" * 2_000_000}]
        with pytest.raises(LIMIT, match="openlineage_event_bytes"):
            admin.execute("SELECT lineage.ingest_openlineage(%s::jsonb)", (json.dumps(event),))
        with pytest.raises(LIMIT, match="document_bytes"):
            admin.execute("SELECT audit.log_event('login', details => %s::jsonb)", (json.dumps({"blob": "x" * 2_000_000}),))
        assert admin.execute("SELECT count(*) FROM lineage.assets").fetchone()[0] == 0, "nothing was ingested"
    with connect(cluster, db, AUDITOR) as auditor:
        with pytest.raises(LIMIT, match="summary_days"):
            auditor.execute("SELECT * FROM audit.summary('-infinity')")
        assert auditor.execute("SELECT count(*) FROM audit.summary(now() - interval '1 year')").fetchone()[0] == 2


def test_only_the_pack_owner_changes_the_limits(cluster, db):
    writer = "lp_limit_writer"
    create_writer_of_everything(cluster, db, writer, "governance_admin")
    try:
        with connect(cluster, db, writer) as attacker:
            assert attacker.execute("UPDATE governance.limits SET value = 2147483647").rowcount == 0
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
                attacker.execute("INSERT INTO governance.limits VALUES ('lineage_depth2', 1, 'x')")
        with connect(cluster, db, DBA) as owner:
            assert owner.execute("UPDATE governance.limits SET value = 200 WHERE name = 'lineage_depth'").rowcount == 1
    finally:
        with psycopg.connect(cluster.dsn(db), autocommit=True) as conn:
            conn.execute(f"DROP OWNED BY {writer}")
        admin_execute(cluster, f"DROP ROLE {writer}")
