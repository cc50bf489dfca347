"""apply: idempotent, atomic (one transaction per run), serialised, refusing what it must."""
from __future__ import annotations

import shutil
import subprocess
import threading
import time
from pathlib import Path

import psycopg
import pytest
from conftest import REPO, admin_execute, create_installing_role, quiet

from installer.engine.errors import MigrationFailed, Refused
from installer.engine.layout import discover
from installer.engine.migrate import LOCK_KEYS, apply, make_plan
from installer.engine.throwaway import find_bindir


def schema_dump(dsn: str) -> str:
    params = psycopg.conninfo.conninfo_to_dict(dsn)
    result = subprocess.run(
        [str(find_bindir() / "pg_dump"), "--schema-only", "--no-comments", "-h", params["host"],
         "-p", str(params["port"]), "-U", params["user"], params["dbname"]],
        capture_output=True, text=True, check=True)
    # Recent pg_dump releases wrap the script in \restrict KEY ... \unrestrict KEY with a random key.
    return "\n".join(line for line in result.stdout.splitlines() if not line.startswith(("\\restrict", "\\unrestrict")))


def scalar(dsn: str, query: str, params: tuple | None = None):
    with psycopg.connect(dsn) as conn:
        return conn.execute(query, params).fetchone()[0]


@pytest.fixture
def sql_copy(tmp_path: Path) -> Path:
    """A private copy of sql/ that a test may extend or edit."""
    root = tmp_path / "sql"
    shutil.copytree(REPO / "sql", root)
    return root


def test_second_apply_changes_nothing(fresh_db, cli):
    first = cli("apply", "--dsn", fresh_db)
    assert first.returncode == 0, first.stderr
    assert "Applied" in first.stdout
    before = schema_dump(fresh_db)

    second = cli("apply", "--dsn", fresh_db)
    assert second.returncode == 0, second.stderr
    assert "Up to date: nothing to apply." in second.stdout
    assert schema_dump(fresh_db) == before
    assert scalar(fresh_db, "SELECT count(*) FROM governance.migrations") == len(discover())


def test_dry_run_prints_the_plan_and_changes_nothing(fresh_db, cli):
    result = cli("apply", "--dry-run", "--dsn", fresh_db)
    assert result.returncode == 0, result.stderr
    assert "Would apply" in result.stdout and "10_governance/versioned/0001_core.sql (new)" in result.stdout
    assert scalar(fresh_db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'governance'") == 0


def test_failing_migration_rolls_back_the_whole_run_and_names_file_and_line(fresh_db, sql_copy):
    (sql_copy / "10_governance" / "versioned" / "0002_broken.sql").write_text(
        "CREATE TABLE governance.half_done (id int);\n"
        "INSERT INTO governance.half_done VALUES (1);\n"
        "\n"
        "SELECT 1 / 0;\n")
    with psycopg.connect(fresh_db) as conn, pytest.raises(MigrationFailed) as failure:
        apply(conn, root=sql_copy, report=quiet)
    assert str(failure.value).startswith("10_governance/versioned/0002_broken.sql:4: ERROR 22012")
    assert scalar(fresh_db, "SELECT to_regclass('governance.half_done')") is None
    # What came before the failure in the same run is rolled back too: nothing is installed.
    assert scalar(fresh_db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'governance'") == 0


def test_syntax_error_names_the_line_inside_the_statement(fresh_db, sql_copy):
    (sql_copy / "10_governance" / "functions" / "zz_bad.sql").write_text(
        "-- a comment\n"
        "SELECT 1;\n"
        "CREATE VIEW governance.bad AS\n"
        "  SELECT 1\n"
        "    FROMM pg_class;\n")
    with psycopg.connect(fresh_db) as conn, pytest.raises(MigrationFailed) as failure:
        apply(conn, root=sql_copy, report=quiet)
    assert str(failure.value).startswith("10_governance/functions/zz_bad.sql:5:")


def test_two_installers_at_once_both_succeed_and_apply_each_migration_once(fresh_db):
    results: dict[str, object] = {}

    def install(name: str) -> None:
        try:
            with psycopg.connect(fresh_db) as conn:
                results[name] = len(apply(conn, report=quiet).steps)
        except Exception as exc:  # reported through the assertion below
            results[name] = exc

    with psycopg.connect(fresh_db, autocommit=True) as holder:
        # Hold the installer's lock so that both installers are surely waiting at once.
        holder.execute("SELECT pg_advisory_lock(%s, %s)", LOCK_KEYS)
        threads = [threading.Thread(target=install, args=(name,)) for name in ("one", "two")]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 30
        while holder.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted").fetchone()[0] < 2:
            assert time.monotonic() < deadline, "the installers never queued on the lock"
            time.sleep(0.05)
        holder.execute("SELECT pg_advisory_unlock(%s, %s)", LOCK_KEYS)
        for thread in threads:
            thread.join(timeout=120)

    assert sorted(results.values()) == [0, len(discover())], results
    assert scalar(fresh_db, "SELECT count(*) FROM governance.migrations") == len(discover())


def test_foreign_schema_is_refused_with_its_name(fresh_db, cli):
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA audit")
        conn.execute("CREATE TABLE audit.log (line text)")
    before = schema_dump(fresh_db)

    result = cli("apply", "--dsn", fresh_db)
    assert result.returncode == 2
    assert "Schema 'audit' already exists and was not created by pg-governance" in result.stderr
    assert schema_dump(fresh_db) == before


def test_edited_versioned_migration_is_refused(fresh_db, sql_copy):
    with psycopg.connect(fresh_db) as conn:
        apply(conn, root=sql_copy, report=quiet)
    core = sql_copy / "10_governance" / "versioned" / "0001_core.sql"
    core.write_text(core.read_text() + "\n-- edited after release\n")
    with psycopg.connect(fresh_db) as conn, pytest.raises(Refused) as refusal:
        apply(conn, root=sql_copy, report=quiet)
    assert "10_governance/versioned/0001_core.sql" in str(refusal.value)


def test_changed_repeatable_file_is_reapplied(installed_db, sql_copy):
    version_file = sql_copy / "10_governance" / "functions" / "version.sql"
    version_file.write_text(version_file.read_text().replace(
        "'The installed release of pg-governance'", "'The installed release (revised)'"))
    with psycopg.connect(installed_db, autocommit=True) as conn:
        plan = make_plan(conn, discover(sql_copy))
        # The generators run again with any change, in their modules' order (generated/).
        assert [(s.migration.name, s.reason) for s in plan.steps] == [
            ("10_governance/functions/version.sql", "changed"),
            ("10_governance/generated/gateway_marks.sql", "regenerated"),
            ("20_audit/generated/partitions.sql", "regenerated"),
            ("30_access/generated/abac_decide.sql", "regenerated")]
        apply(conn, root=sql_copy, report=quiet)
        assert conn.execute("SELECT obj_description('governance.version()'::regprocedure)").fetchone()[0] \
            == "The installed release (revised)"
        assert make_plan(conn, discover(sql_copy)).steps == []


def test_a_function_that_forgets_its_grants_is_still_not_public(installed_db, sql_copy):
    (sql_copy / "10_governance" / "functions" / "zz_forgetful.sql").write_text(
        "CREATE FUNCTION governance.forgetful() RETURNS int LANGUAGE sql AS 'SELECT 1';\n")
    with psycopg.connect(installed_db) as conn:
        apply(conn, root=sql_copy, report=quiet)
    assert scalar(installed_db, "SELECT has_function_privilege('public', 'governance.forgetful()', 'EXECUTE')") is False


def test_a_table_that_forgets_its_row_security_is_still_written_only_by_the_owner(installed_db, sql_copy):
    """A release that adds a table and forgets its row-level security: the installer
    turns it on (with a SELECT-only policy) before the run commits, so pg_write_all_data
    may never write it."""
    (sql_copy / "60_compliance" / "versioned" / "9999_forgetful.sql").write_text(
        "CREATE TABLE compliance.forgetful (x int);\n")
    with psycopg.connect(installed_db) as conn:
        apply(conn, root=sql_copy, report=quiet)
    assert scalar(installed_db, "SELECT relrowsecurity FROM pg_class WHERE oid = 'compliance.forgetful'::regclass") is True
    assert scalar(installed_db, "SELECT array_agg(polname::text || ':' || polcmd::text) FROM pg_policy "
                                "WHERE polrelid = 'compliance.forgetful'::regclass") == ["select_only:r"]


def test_missing_privileges_are_listed_before_anything_changes(fresh_db, cluster, cli):
    with psycopg.connect(cluster.dsn(), autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS weak_installer")
        conn.execute("CREATE ROLE weak_installer LOGIN")
    try:
        weak_dsn = fresh_db.replace("user=postgres", "user=weak_installer")
        result = cli("apply", "--dsn", weak_dsn)
        assert result.returncode == 2
        assert "needs CREATE on this database" in result.stderr
        assert scalar(fresh_db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'governance'") == 0
    finally:
        with psycopg.connect(cluster.dsn(), autocommit=True) as conn:
            conn.execute("DROP ROLE weak_installer")


def test_an_install_by_a_non_superuser_passes_the_public_execute_check(cluster, installed_template):
    # installed_template: the governance_* roles exist, granted by the superuser, so the
    # DBA adds no membership of its own (0009_versions_admin_memberships) and can be dropped.
    """A non-superuser gets pgcrypto as a trusted extension, owned by the bootstrap superuser:
    its functions in the governance schema keep EXECUTE for PUBLIC, which the installer cannot
    revoke. They are not governance functions, and PUBLIC cannot reach the schema."""
    create_installing_role(cluster, "managed_dba")  # as a managed service's admin
    admin_execute(cluster, "CREATE DATABASE managed OWNER managed_dba")
    try:
        dsn = cluster.dsn("managed").replace("user=postgres", "user=managed_dba")
        reports: list[str] = []
        with psycopg.connect(dsn) as conn:
            apply(conn, report=reports.append)
        assert not [r for r in reports if r.startswith("Warning")], "an unprivileged owner is not warned about"
        assert scalar(dsn, "SELECT has_function_privilege('public', 'governance.gen_random_bytes(int)', 'EXECUTE')"), \
            "the premise: pgcrypto's functions stay executable by PUBLIC"
        assert scalar(dsn, "SELECT has_schema_privilege('public', 'governance', 'USAGE')") is False
        assert scalar(dsn, "SELECT status FROM compliance.run_checks('security') "
                           "WHERE check_id = 'security.governance_public_execute'") == "pass"
    finally:
        with psycopg.connect(cluster.dsn(), autocommit=True) as conn:
            conn.execute("DROP DATABASE managed WITH (FORCE)")
            conn.execute("DROP ROLE managed_dba")


def test_existing_roles_the_installer_cannot_administer_are_refused_before_anything_changes(cluster, installed_template):
    """The roles exist (installed_template uses them), but the first migration also comments on
    them and grants them, which needs CREATEROLE (PostgreSQL 16+: ADMIN OPTION)."""
    with psycopg.connect(cluster.dsn(), autocommit=True) as conn:
        conn.execute("CREATE ROLE plain_dba LOGIN")
        conn.execute("CREATE DATABASE plain OWNER plain_dba")
    try:
        dsn = cluster.dsn("plain").replace("user=postgres", "user=plain_dba")
        with psycopg.connect(dsn) as conn, pytest.raises(Refused, match="may not comment on them or grant them"):
            apply(conn, report=quiet)
        assert scalar(dsn, "SELECT count(*) FROM pg_namespace WHERE nspname = 'governance'") == 0
    finally:
        with psycopg.connect(cluster.dsn(), autocommit=True) as conn:
            conn.execute("DROP DATABASE plain WITH (FORCE)")
            conn.execute("DROP ROLE plain_dba")


@pytest.fixture
def bound_reports(cluster, installed_db):
    """The DSN of a login bound to actor alice in tenant acme: its readers check
    set_context's seal (a gateway's, or a superuser's, take the settings as set:
    tests/test_context_gateways.py)."""
    admin_execute(cluster, "CREATE ROLE ro_reports LOGIN IN ROLE governance_app")
    with psycopg.connect(installed_db, autocommit=True) as conn:
        conn.execute("SELECT governance.bind_context('ro_reports', actors => ARRAY['alice'], tenants => ARRAY['acme'])")
    yield installed_db.replace("user=postgres", "user=ro_reports")
    admin_execute(cluster, "DROP ROLE ro_reports")


@pytest.mark.parametrize("float_digits", [1, -15])
def test_seal_from_an_earlier_transaction_is_not_accepted(bound_reports, float_digits):
    """With extra_float_digits = -15, epoch seconds print as 2e+09 for decades: the seal
    must not depend on how the session prints numbers."""
    with psycopg.connect(bound_reports) as conn:
        conn.execute(f"SET extra_float_digits = {float_digits}")
        conn.execute("SELECT governance.set_context('alice', 'acme')")
        seal = conn.execute("SELECT current_setting('governance.context_seal')").fetchone()[0]
        conn.commit()
        for name, value in (("actor", "alice"), ("tenant", "acme"), ("context_seal", seal)):
            conn.execute("SELECT set_config(%s, %s, true)", (f"governance.{name}", value))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT governance.current_tenant()")


def test_context_ends_with_the_transaction(installed_db):
    with psycopg.connect(installed_db) as conn:
        conn.execute("SELECT governance.set_context('alice', 'acme', purpose => 'support')")
        conn.commit()
        assert conn.execute("SELECT governance.current_tenant(), governance.current_actor()").fetchone() \
            == (None, "postgres")


def test_context_holds_in_read_only_transactions(bound_reports):
    with psycopg.connect(bound_reports) as conn:
        conn.read_only = True
        conn.execute("SELECT governance.set_context('alice', 'acme')")
        assert conn.execute("SELECT governance.current_tenant()").fetchone()[0] == "acme"
        conn.execute("SELECT set_config('governance.tenant', 'globex', true)")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT governance.current_tenant()")
