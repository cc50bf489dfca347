"""Access control through psycopg: COPY under tenant isolation, the wrappers, denial logging."""
from __future__ import annotations

import psycopg
import pytest

from installer import Governance


def _isolated_orders(conn: psycopg.Connection) -> None:
    """A table owned by a non-superuser, isolated by tenant; everything rolls back with the test."""
    conn.execute("CREATE ROLE acc_copy_owner NOLOGIN IN ROLE governance_admin")
    conn.execute("CREATE ROLE acc_copy_app NOLOGIN IN ROLE governance_app")
    Governance(conn).allow_any_context("acc_copy_app")  # the application's pool: it names its users
    conn.execute('CREATE TABLE public."Copy Orders" (id int, tenant_id text, note text)')
    conn.execute("""INSERT INTO public."Copy Orders" VALUES (1, 'a', 'mine'), (2, 'b', 'theirs'), (3, 'a', 'mine too')""")
    conn.execute('ALTER TABLE public."Copy Orders" OWNER TO acc_copy_owner')
    conn.execute('GRANT SELECT, INSERT ON public."Copy Orders" TO acc_copy_app')
    conn.execute("SET LOCAL ROLE acc_copy_owner")
    Governance(conn).enable_tenant_isolation('public."Copy Orders"')
    conn.execute("RESET ROLE")


def _copy_out(conn: psycopg.Connection, statement: str) -> list[tuple]:
    with conn.cursor().copy(statement) as copy:
        copy.set_types(["int4", "text", "text"])
        return sorted(copy.rows())


def test_copy_to_sees_only_the_current_tenant(installed_db):
    with psycopg.connect(installed_db) as conn:
        _isolated_orders(conn)
        conn.execute("SET LOCAL ROLE acc_copy_app")
        Governance(conn).set_context("alice", tenant="a")
        expected = [(1, "a", "mine"), (3, "a", "mine too")]
        assert _copy_out(conn, 'COPY public."Copy Orders" TO STDOUT') == expected
        assert _copy_out(conn, 'COPY (SELECT * FROM public."Copy Orders") TO STDOUT') == expected
        conn.execute("SET LOCAL ROLE acc_copy_owner")
        assert _copy_out(conn, 'COPY public."Copy Orders" TO STDOUT') == expected, "the owner is subject to it too"
        conn.rollback()


def test_copy_from_cannot_bypass_the_policy(installed_db):
    with psycopg.connect(installed_db) as conn:
        _isolated_orders(conn)
        conn.execute("SET LOCAL ROLE acc_copy_app")
        Governance(conn).set_context("alice", tenant="a")
        with pytest.raises(psycopg.errors.FeatureNotSupported, match="row-level security"):
            with conn.transaction(), conn.cursor().copy('COPY public."Copy Orders" FROM STDIN') as copy:
                copy.write_row((9, "b", "smuggled"))
        conn.execute("RESET ROLE")
        assert conn.execute('SELECT count(*) FROM public."Copy Orders" WHERE id = 9').fetchone()[0] == 0
        conn.rollback()


def test_rbac_and_abac_through_the_wrappers(installed_db):
    with psycopg.connect(installed_db) as conn:
        gov = Governance(conn)
        gov.create_role("viewer")
        gov.create_role("analyst", "analysis", ["viewer"])
        gov.create_permission("read reports", "report", "read")
        gov.grant_permission("viewer", "read reports")
        gov.assign_role("ann", "analyst")
        assert gov.check_permission("ann", "report", "read") is True
        assert gov.effective_roles("ann") == ["analyst", "viewer"]
        assert gov.revoke_permission("viewer", "read reports") is True
        assert gov.check_permission("ann", "report", "read") is False
        assert gov.revoke_role("ann", "analyst") is True

        gov.set_user_attribute("ann", "teams", ["ml", "bi"])
        gov.set_resource_attribute("features", "table", "team", "ml")
        gov.create_policy("team members read", {"actions": ["read"], "conditions": [
            {"attribute": "user.teams", "operator": "contains", "value_of": "resource.team"}]})
        assert gov.evaluate("ann", "features", "read") is True
        assert gov.explain("ann", "features", "read")["deciding_policy"] == "team members read"
        assert gov.drop_policy("team members read") is True
        assert gov.evaluate("ann", "features", "read") is False
        with pytest.raises(psycopg.errors.InvalidParameterValue, match="conditions\\[0\\].operator"):
            gov.create_policy("bad", {"actions": ["read"], "conditions": [{"attribute": "user.x", "operator": "like", "value": 1}]})


def test_denials_reach_the_audit_log_event_contract(installed_db):
    """Denials are logged through audit.log_event when it exists. This branch has no audit
    module, so a stand-in with the contract's signature records the calls."""
    with psycopg.connect(installed_db) as conn:
        conn.execute("DROP SCHEMA IF EXISTS audit CASCADE")
        conn.execute("CREATE SCHEMA audit")
        conn.execute("CREATE TABLE audit.calls (args jsonb)")
        conn.execute("""
            CREATE FUNCTION audit.log_event(event_type text, action text DEFAULT NULL, resource_type text DEFAULT NULL,
                resource_id text DEFAULT NULL, details jsonb DEFAULT NULL, success boolean DEFAULT true,
                duration_ms int DEFAULT NULL) RETURNS bigint LANGUAGE sql AS $$
                INSERT INTO audit.calls VALUES (jsonb_build_array(event_type, action, resource_type, resource_id,
                                                                  details, success));
                SELECT 1::bigint $$""")
        gov = Governance(conn)
        gov.set_resource_attribute("payroll", "table", "owner", "hr")
        assert gov.evaluate("eve", "payroll", "read") is False
        assert conn.execute("SELECT count(*) FROM audit.calls").fetchone()[0] == 0, "logging is off by default"
        assert gov.set_denial_logging(True) is True
        assert gov.evaluate("eve", "payroll", "read") is False
        assert gov.check_permission("eve", "report", "export") is False
        calls = [row[0] for row in conn.execute("SELECT args FROM audit.calls ORDER BY ctid")]
        assert calls == [
            ["access_denied", "read", "table", "payroll", {"decided_by": "access.evaluate", "user_id": "eve"}, False],
            ["access_denied", "export", "report", None, {"decided_by": "access.check_permission", "user_id": "eve"}, False]]
        gov.create_policy("all read", {"actions": ["read"]})
        assert gov.evaluate("eve", "payroll", "read") is True
        assert conn.execute("SELECT count(*) FROM audit.calls").fetchone()[0] == 2, "allowed decisions are not logged"


def test_sync_roles_cli_dry_run_then_run(installed_db, cli):
    with psycopg.connect(installed_db, autocommit=True) as conn:
        conn.execute("CREATE TABLE public.features (id int)")
        gov = Governance(conn)
        gov.create_role("acc_cli_analyst")
        gov.create_permission("read features", "public.features", "read")
        gov.grant_permission("acc_cli_analyst", "read features")
    try:
        dry = cli("sync-roles", "--dry-run", "--dsn", installed_db)
        assert dry.returncode == 0, dry.stderr
        assert "GRANT SELECT ON public.features TO acc_cli_analyst;" in dry.stdout
        assert "Would run 4 statement(s)." in dry.stdout
        with psycopg.connect(installed_db) as conn:
            assert conn.execute("SELECT count(*) FROM pg_roles WHERE rolname = 'acc_cli_analyst'").fetchone()[0] == 0
        done = cli("sync-roles", "--dsn", installed_db)
        assert done.returncode == 0 and "Ran 4 statement(s)." in done.stdout, done.stdout + done.stderr
        with psycopg.connect(installed_db) as conn:
            assert conn.execute("SELECT has_table_privilege('acc_cli_analyst', 'public.features', 'SELECT')").fetchone()[0]
        again = cli("sync-roles", "--dsn", installed_db)
        assert "nothing to do" in again.stdout
    finally:
        with psycopg.connect(installed_db, autocommit=True) as conn:
            conn.execute("DROP TABLE IF EXISTS public.features")
            if conn.execute("SELECT count(*) FROM pg_roles WHERE rolname = 'acc_cli_analyst'").fetchone()[0]:
                conn.execute("DROP OWNED BY acc_cli_analyst")  # roles are cluster-wide: leave none behind
                conn.execute("DROP ROLE acc_cli_analyst")
