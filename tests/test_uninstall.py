"""uninstall: removes what apply created, keeps evidence unless forced, shares roles."""
from __future__ import annotations

import psycopg
from conftest import quiet

from installer.engine.migrate import apply
from installer.engine.preflight import ROLES
from installer.engine.throwaway import ThrowawayCluster
from installer.engine.uninstall import uninstall

GOVERNANCE_SCHEMAS = "SELECT count(*) FROM pg_namespace WHERE nspname IN ('governance', 'audit', 'access', 'privacy', 'lineage', 'compliance')"


def count(dsn: str, query: str) -> int:
    with psycopg.connect(dsn) as conn:
        return conn.execute(query).fetchone()[0]


def test_uninstall_then_apply_round_trips(installed_db, cli):
    removed = cli("uninstall", "--dsn", installed_db)
    assert removed.returncode == 0, removed.stderr
    assert removed.stdout.startswith("Dropped schemas: ") and "governance" in removed.stdout
    assert count(installed_db, GOVERNANCE_SCHEMAS) == 0

    again = cli("apply", "--dsn", installed_db)
    assert again.returncode == 0, again.stderr
    assert count(installed_db, "SELECT count(*) FROM governance.migrations") > 0


def test_uninstall_refuses_while_governance_tables_hold_data(installed_db, cli):
    with psycopg.connect(installed_db) as conn:
        # Any governance table that is not declared reference data counts as evidence.
        conn.execute("CREATE TABLE governance.evidence_probe (note text)")
        conn.execute("INSERT INTO governance.evidence_probe VALUES ('kept by law')")

    refused = cli("uninstall", "--dsn", installed_db)
    assert refused.returncode == 2
    assert "governance.evidence_probe: 1 rows" in refused.stderr
    assert count(installed_db, GOVERNANCE_SCHEMAS) > 0

    forced = cli("uninstall", "--force", "--dsn", installed_db)
    assert forced.returncode == 0, forced.stderr
    assert count(installed_db, GOVERNANCE_SCHEMAS) == 0


def test_dry_run_lists_dependent_objects_and_changes_nothing(installed_db, cli):
    with psycopg.connect(installed_db) as conn:
        conn.execute("CREATE TABLE public.orders (tenant_id text)")
        conn.execute("ALTER TABLE public.orders ENABLE ROW LEVEL SECURITY")
        conn.execute("CREATE POLICY tenant_rows ON public.orders USING (tenant_id = (SELECT governance.current_tenant()))")

    result = cli("uninstall", "--dry-run", "--dsn", installed_db)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Would drop schemas: ") and "governance" in result.stdout
    assert "policy tenant_rows on table orders" in result.stdout
    outside = [line for line in result.stdout.splitlines() if "outside them" in line]
    assert outside == ["  and, outside them: policy tenant_rows on table orders"], "governance's own objects are not listed"
    assert count(installed_db, GOVERNANCE_SCHEMAS) > 0


def test_roles_are_dropped_only_when_no_other_database_uses_them():
    with ThrowawayCluster() as cluster:
        with psycopg.connect(cluster.dsn(), autocommit=True) as admin:
            admin.execute("CREATE DATABASE first")
            admin.execute("CREATE DATABASE second")
        for db in ("first", "second"):
            with psycopg.connect(cluster.dsn(db)) as conn:
                apply(conn, report=quiet)

        with psycopg.connect(cluster.dsn("first")) as conn:
            plan = uninstall(conn)
        assert plan.drop_roles == []
        assert set(plan.keep_roles) == set(ROLES)
        assert all("second" in why for why in plan.keep_roles.values())

        with psycopg.connect(cluster.dsn("second")) as conn:
            plan = uninstall(conn)
        assert sorted(plan.drop_roles) == sorted(ROLES)
        assert count(cluster.dsn(), "SELECT count(*) FROM pg_roles WHERE rolname LIKE 'governance\\_%'") == 0


def test_a_second_installing_role_leaves_no_grant_behind():
    """Roles are cluster-wide and PostgreSQL 16+ records who granted each membership: the
    DBA of a second database must not add governance_admin's memberships of its own, or
    it could never be dropped once its database is gone."""
    with ThrowawayCluster() as cluster:
        with psycopg.connect(cluster.dsn(), autocommit=True) as admin:
            for dba, db in (("first_dba", "first"), ("second_dba", "second")):
                admin.execute(f"CREATE ROLE {dba} LOGIN CREATEROLE")
                admin.execute(f"CREATE DATABASE {db} OWNER {dba}")
        with psycopg.connect(cluster.dsn("first") + " user=first_dba") as conn:
            apply(conn, report=quiet)
        with psycopg.connect(cluster.dsn(), autocommit=True) as admin:  # what 16+ asks of the second DBA
            admin.execute(f"GRANT {', '.join(ROLES)} TO second_dba WITH ADMIN OPTION")
        with psycopg.connect(cluster.dsn("second") + " user=second_dba") as conn:
            apply(conn, report=quiet)
            grantors = conn.execute(
                "SELECT DISTINCT grantor::regrole::text FROM pg_auth_members "
                " WHERE member = 'governance_admin'::regrole").fetchall()
        assert grantors == [("first_dba",)]
        with psycopg.connect(cluster.dsn("second") + " user=second_dba") as conn:
            uninstall(conn)
        with psycopg.connect(cluster.dsn(), autocommit=True) as admin:
            admin.execute("DROP DATABASE second")
            admin.execute("DROP ROLE second_dba")  # fails while it is the grantor of a membership
        assert count(cluster.dsn("first"), "SELECT count(*) FROM governance.migrations") > 0


def test_uninstall_of_a_database_without_the_pack_is_a_clear_no_op(fresh_db, cli):
    result = cli("uninstall", "--dsn", fresh_db)
    assert result.returncode == 0
    assert "not installed" in result.stdout


def test_a_createrole_dba_who_is_not_a_superuser_uninstalls_everything():
    """As on a managed service: DROP OWNED BY a role needs its privileges, which a
    CREATEROLE role does not have over roles it did not create or join."""
    with ThrowawayCluster() as cluster:
        with psycopg.connect(cluster.dsn(), autocommit=True) as admin:
            admin.execute("CREATE ROLE managed_dba LOGIN CREATEROLE")
            admin.execute("CREATE DATABASE managed OWNER managed_dba")
        dsn = cluster.dsn("managed").replace("user=postgres", "user=managed_dba")
        with psycopg.connect(dsn) as conn:
            apply(conn, report=quiet)
            conn.execute("SELECT audit.log_event('login')")  # evidence: needs force
        with psycopg.connect(dsn) as conn:
            plan = uninstall(conn, force=True)
        assert sorted(plan.drop_roles) == sorted(ROLES)
        assert count(cluster.dsn(), "SELECT count(*) FROM pg_roles WHERE rolname LIKE 'governance\\_%'") == 0
        assert count(dsn, GOVERNANCE_SCHEMAS) == 0
