"""The pack as the README recommends installing it: by a DBA that is not a superuser and
does not own the application's tables (an application owner role does), used by login
roles that are members of one governance_* role each. The rest of the suite installs as
the superuser, who owns or may do everything; these tests catch what that hides.

The application owner grants exactly what docs/roles.md lists, and no more."""
from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

import psycopg
import pytest
from conftest import admin_execute, create_installing_role, create_writer_of_everything, quiet

from installer.engine.migrate import apply
from installer.engine.throwaway import ThrowawayCluster

DBA = "lp_dba"
OWNER = "lp_app_owner"
ADMIN, DPO, AUDITOR = "lp_admin", "lp_dpo", "lp_auditor"
TEMPLATE = "lp_template"
_names = itertools.count()

# The application's schema, created by its owner before pg-governance is installed.
SCHEMA = """
    CREATE SCHEMA "Shop";
    CREATE TABLE "Shop".customers (id int PRIMARY KEY, email text NOT NULL, ssn text);
    CREATE TABLE "Shop".orders (id int PRIMARY KEY, customer_id int REFERENCES "Shop".customers, total numeric);
    CREATE INDEX ON "Shop".orders (customer_id);
    INSERT INTO "Shop".customers VALUES (1, 'ada@example.com', '123-45-6789'), (2, 'bo@example.com', NULL);
    INSERT INTO "Shop".orders VALUES (10, 1, 5.00), (11, 2, 7.50);
"""

# docs/roles.md: what the application owner grants once pg-governance is installed.
GRANTS = """
    GRANT USAGE ON SCHEMA "Shop" TO governance_admin, governance_dpo, lp_dba;
    GRANT SELECT, UPDATE, DELETE, TRIGGER ON ALL TABLES IN SCHEMA "Shop" TO lp_dba;
"""


def dsn(cluster: ThrowawayCluster, dbname: str, user: str) -> str:
    return cluster.dsn(dbname).replace("user=postgres", f"user={user}")


@pytest.fixture(scope="module")
def template(cluster: ThrowawayCluster) -> Iterator[str]:
    create_installing_role(cluster, DBA)
    admin_execute(cluster, f"CREATE ROLE {OWNER} LOGIN")
    admin_execute(cluster, f"CREATE DATABASE {TEMPLATE} OWNER {DBA}")
    admin_execute(cluster, f"GRANT CREATE ON DATABASE {TEMPLATE} TO {OWNER}")
    with psycopg.connect(dsn(cluster, TEMPLATE, OWNER)) as conn:
        conn.execute(SCHEMA)
    with psycopg.connect(dsn(cluster, TEMPLATE, DBA)) as conn:
        apply(conn, report=quiet)
        conn.execute(f"SELECT governance.trust_owner('{OWNER}')")   # docs/roles.md: the pack runs its code
        conn.execute(f"CREATE ROLE {ADMIN} LOGIN IN ROLE governance_admin; CREATE ROLE {DPO} LOGIN IN ROLE governance_dpo;"
                     f"CREATE ROLE {AUDITOR} LOGIN IN ROLE governance_auditor")
    with psycopg.connect(dsn(cluster, TEMPLATE, OWNER)) as conn:
        conn.execute(GRANTS)
    yield TEMPLATE
    admin_execute(cluster, f"DROP DATABASE {TEMPLATE} WITH (FORCE)")
    for role in (ADMIN, DPO, AUDITOR, OWNER, DBA):
        admin_execute(cluster, f"DROP ROLE {role}")


@pytest.fixture
def db(cluster: ThrowawayCluster, template: str) -> Iterator[str]:
    """A copy of the template; yields its name."""
    name = f"lp_{next(_names)}"
    admin_execute(cluster, f"CREATE DATABASE {name} TEMPLATE {template} OWNER {DBA}")
    yield name
    admin_execute(cluster, f"DROP DATABASE {name} WITH (FORCE)")


def connect(cluster: ThrowawayCluster, dbname: str, user: str) -> psycopg.Connection:
    return psycopg.connect(dsn(cluster, dbname, user), autocommit=True)


def test_auditing_a_table_the_pack_does_not_own_can_be_repeated_and_refreshed(cluster, db):
    with connect(cluster, db, ADMIN) as admin:
        admin.execute("""SELECT audit.enable('"Shop".customers')""")
        admin.execute("""SELECT audit.enable('"Shop".customers')""")   # idempotent, as documented
        admin.execute("""SELECT audit.refresh('"Shop".customers')""")  # nothing changed: fine on 13 too
    with connect(cluster, db, OWNER) as owner:
        owner.execute("""UPDATE "Shop".customers SET ssn = '999-99-9999' WHERE id = 1""")
    with connect(cluster, db, AUDITOR) as auditor:
        assert auditor.execute("""SELECT count(*) FROM audit.changes
                                   WHERE table_name = '"Shop".customers' AND op = 'UPDATE'""").fetchone()[0] == 1


def test_reclassifying_an_audited_table_the_pack_does_not_own(cluster, db):
    """A restricted classification re-creates the triggers of the audited table: in place
    with TRIGGER alone from PostgreSQL 14 (CREATE OR REPLACE TRIGGER); 13 must drop them,
    which only the table's owner may, so there the pack's owner is refused with the remedy."""
    classify = """SELECT governance.classify('"Shop".customers', 'ssn', 'direct_identifier', 'restricted')"""
    with connect(cluster, db, ADMIN) as admin:
        admin.execute("""SELECT audit.enable('"Shop".customers')""")
        if admin.info.server_version < 140000:
            with pytest.raises(psycopg.errors.InsufficientPrivilege) as refused:
                admin.execute(classify)
            assert f"GRANT {OWNER} TO {DBA}" in refused.value.diag.message_hint
            assert "drop the triggers" in refused.value.diag.message_hint
            admin_execute(cluster, f"GRANT {OWNER} TO {DBA}")  # the remedy
            try:
                admin.execute(classify)
            finally:
                admin_execute(cluster, f"REVOKE {OWNER} FROM {DBA}")
        else:
            admin.execute(classify)
    with connect(cluster, db, OWNER) as owner:
        owner.execute("""UPDATE "Shop".customers SET ssn = '999-99-9999' WHERE id = 1""")
    with connect(cluster, db, AUDITOR) as auditor:
        new_ssn = auditor.execute("""SELECT new_values->>'ssn' FROM audit.changes
                                      WHERE table_name = '"Shop".customers' AND op = 'UPDATE'""").fetchone()[0]
    assert new_ssn.startswith("hmac-sha256:"), "the refreshed triggers hash the newly restricted column"


def test_disabling_audit_without_the_tables_owner_is_refused_clearly_and_changes_nothing(cluster, db):
    with connect(cluster, db, ADMIN) as admin:
        admin.execute("""SELECT audit.enable('"Shop".orders')""")
        with pytest.raises(psycopg.errors.InsufficientPrivilege) as refused:
            admin.execute("""SELECT audit.disable('"Shop".orders')""")
        assert f'owned by {OWNER}' in str(refused.value)
        assert f"GRANT {OWNER} TO {DBA}" in refused.value.diag.message_hint
        assert admin.execute("""SELECT count(*) FROM audit.tables WHERE relid = '"Shop".orders'::regclass""").fetchone()[0] == 1


def test_erasure_names_the_privilege_the_pack_owner_lacks(cluster, db):
    with connect(cluster, db, OWNER) as owner:
        owner.execute(f'REVOKE SELECT, UPDATE, DELETE ON "Shop".orders FROM {DBA}')
    with connect(cluster, db, ADMIN) as admin:
        admin.execute("""SELECT privacy.register_subject('customer', '"Shop".customers', 'id')""")
    with connect(cluster, db, DPO) as dpo:
        for call in ("privacy.erasure_plan('1', 'customer')", "privacy.gdpr_export('1', 'customer')",
                     "privacy.gdpr_forget('1', 'customer')"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege) as refused:
                dpo.execute(f"SELECT {call}")
            assert re.search(f'owner {DBA} lacks SELECT(, [A-Z]+)* on "Shop".orders$', refused.value.diag.message_primary), call
            assert re.search(f'GRANT SELECT(, [A-Z]+)* ON "Shop".orders TO {DBA};', refused.value.diag.message_hint), call
        assert dpo.execute('SELECT count(*) FROM privacy.erasures').fetchone()[0] == 0


def test_pii_discovery_names_the_tables_the_pack_owner_cannot_read(cluster, db):
    with connect(cluster, db, OWNER) as owner:
        owner.execute(f'REVOKE SELECT ON "Shop".orders FROM {DBA}')
    with connect(cluster, db, ADMIN) as admin:
        with pytest.raises(psycopg.errors.InsufficientPrivilege) as refused:
            admin.execute("""SELECT * FROM governance.discover_pii('Shop')""")
    assert f'owner {DBA} lacks SELECT on "Shop".orders' in str(refused.value)


def test_the_auditor_runs_every_check_that_reads_governance_data(cluster, db):
    """The auditor has no USAGE on the application's schemas, and needs none."""
    with connect(cluster, db, ADMIN) as admin:
        admin.execute("""SELECT governance.classify('"Shop".customers', 'email', 'contact')""")
        admin.execute("""SELECT audit.enable('"Shop".customers')""")
        admin.execute("""SELECT privacy.register_subject('customer', '"Shop".customers', 'id')""")
    with connect(cluster, db, AUDITOR) as auditor:
        statuses = dict(auditor.execute(
            "SELECT check_id, status FROM compliance.run_checks() "
            "WHERE check_id IN ('gdpr.no_erasure_path', 'soc2.activity_anomalies')").fetchall())
    assert statuses == {"gdpr.no_erasure_path": "pass", "soc2.activity_anomalies": "pass"}


def test_consent_guards_by_a_non_owner_are_refused_clearly(cluster, db):
    with connect(cluster, db, ADMIN) as admin:
        admin.execute("SELECT privacy.register_purpose('newsletter', 'monthly', 'consent', '2025-01')")
        with pytest.raises(psycopg.errors.InsufficientPrivilege) as refused:
            admin.execute("""SELECT privacy.consent_required('"Shop".customers', 'newsletter', 'id')""")
    assert f'only its owner {OWNER}' in str(refused.value)


def test_the_lineage_namespace_is_set_by_the_dba_and_the_admin_without_a_superuser(cluster, db):
    with connect(cluster, db, DBA) as dba:
        # What earlier releases documented: PostgreSQL 15 refuses it to the database owner.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            dba.execute(f"ALTER DATABASE {db} SET pg_governance.lineage_namespace = 'postgres://db:5432'")
        dba.execute("SELECT governance.set_setting('lineage_namespace', 'postgres://db.example.com:5432')")
    with connect(cluster, db, ADMIN) as admin:
        assert admin.execute("SELECT lineage.local_namespace()").fetchone()[0] == "postgres://db.example.com:5432"
        admin.execute("SELECT governance.set_setting('lineage_namespace', 'postgres://warehouse:6432')")
        assert admin.execute("SELECT lineage.local_namespace()").fetchone()[0] == "postgres://warehouse:6432"
        with pytest.raises(psycopg.errors.InvalidParameterValue, match="no setting 'lineage_namespase'"):
            admin.execute("SELECT governance.set_setting('lineage_namespase', 'x')")
        admin.execute("SELECT governance.set_setting('lineage_namespace', NULL)")
        assert admin.execute("SELECT lineage.local_namespace()").fetchone()[0].startswith("postgres://localhost:")
    with connect(cluster, db, DPO) as dpo, pytest.raises(psycopg.errors.InsufficientPrivilege):
        dpo.execute("SELECT governance.set_setting('lineage_namespace', 'postgres://evil:5432')")


def test_a_role_that_writes_every_table_cannot_change_the_settings(cluster, db):
    create_writer_of_everything(cluster, db, "lp_writer")
    try:
        with connect(cluster, db, "lp_writer") as writer:
            assert writer.execute("UPDATE governance.settings SET value = 'postgres://evil:5432'").rowcount == 0
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                writer.execute("INSERT INTO governance.settings VALUES ('lineage_namespace2', 'x', 'y')")
        with connect(cluster, db, ADMIN) as admin:
            assert admin.execute("SELECT lineage.local_namespace()").fetchone()[0].startswith("postgres://localhost:")
    finally:
        with connect(cluster, db, "postgres") as superuser:
            superuser.execute("DROP OWNED BY lp_writer")
        admin_execute(cluster, "DROP ROLE lp_writer")


def test_the_context_cannot_be_forged_with_settings_copied_seals_or_table_writes(cluster, db):
    """The context lives in transaction-local settings sealed by an HMAC under a key only the
    pack's owner reads. A bound application role and a role that writes every table (both
    in governance_app) try every way around set_context."""
    admin_execute(cluster, "CREATE ROLE lp_reports LOGIN IN ROLE governance_app")
    create_writer_of_everything(cluster, db, "lp_ctx_writer", "governance_app")
    try:
        with connect(cluster, db, ADMIN) as admin:
            admin.execute("SELECT governance.bind_context('lp_reports', tenants => ARRAY['acme'])")
        with connect(cluster, db, "lp_reports") as app, connect(cluster, db, "lp_reports") as other:
            app.autocommit = other.autocommit = False
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                app.execute("SELECT governance.set_context('lp_reports', tenant => 'globex')")
            app.rollback()
            app.execute("SELECT governance.set_context('lp_reports', tenant => 'acme')")
            copied = dict(app.execute(
                "SELECT name, current_setting(name) FROM unnest(ARRAY['governance.actor', 'governance.tenant', "
                "'governance.roles', 'governance.purpose', 'governance.context_seal']) name").fetchall())
            assert app.execute("SELECT governance.current_tenant()").fetchone()[0] == "acme"
            # Another session of the same role sees nothing of it, and cannot adopt it.
            assert other.execute("SELECT governance.current_tenant()").fetchone()[0] is None
            for name, value in copied.items():
                other.execute("SELECT set_config(%s, %s, true)", (name, value))
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                other.execute("SELECT governance.current_tenant()")
            other.rollback()
            # The seal covers the values: one changed value taints the whole context.
            app.execute("SELECT set_config('governance.tenant', 'globex', true)")
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                app.execute("SELECT governance.current_tenant()")
            app.rollback()
            # Nor can a role mint a seal, or read the key through the function that folds it.
            for call in ("governance.context_seal('lp_reports', 'globex', '', '')", "governance.context_key_pad(54)"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    app.execute(f"SELECT {call}")
                app.rollback()
        with connect(cluster, db, "lp_ctx_writer") as writer:
            assert writer.execute("UPDATE governance.context_key SET key = '\\x00'").rowcount == 0
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                writer.execute("INSERT INTO governance.context_bindings (role, any_actor, any_tenant, bound_by) "
                               "VALUES ('lp_ctx_writer', true, true, 'me')")
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                writer.execute("SELECT governance.set_context('alice', tenant => 'acme')")
    finally:
        with connect(cluster, db, "postgres") as superuser:
            superuser.execute("DROP OWNED BY lp_ctx_writer, lp_reports")
        admin_execute(cluster, "DROP ROLE lp_ctx_writer")
        admin_execute(cluster, "DROP ROLE lp_reports")


def test_the_context_ends_with_its_transaction_and_with_a_poolers_reset(cluster, db):
    """A pooled connection passes from one client to the next: nothing of one client's
    context may reach the next, whether the pool resets with RESET ALL, DISCARD ALL or not
    at all, and a setting left at session level by hand is never taken for a context."""
    admin_execute(cluster, "CREATE ROLE lp_pool LOGIN IN ROLE governance_app")
    try:
        with connect(cluster, db, ADMIN) as admin:
            admin.execute("SELECT governance.allow_any_context('lp_pool')")
        with connect(cluster, db, "lp_pool") as pool:
            current = "SELECT governance.current_actor(), governance.current_tenant(), governance.current_purpose()"
            nothing = ("lp_pool", None, None)
            for end in ("COMMIT", "ROLLBACK"):
                pool.execute("BEGIN")
                pool.execute("SELECT governance.set_context('alice', tenant => 'acme', purpose => 'support')")
                assert pool.execute(current).fetchone() == ("alice", "acme", "support")
                pool.execute(end)
                assert pool.execute(current).fetchone() == nothing, f"the context outlived {end}"
            pool.execute("BEGIN")
            pool.execute("SELECT governance.set_context('alice', tenant => 'acme')")
            pool.execute("RESET ALL")
            assert pool.execute(current).fetchone() == nothing, "RESET ALL clears the context"
            pool.execute("COMMIT")
            # A client that leaves session-level settings behind by hand: refused, never
            # taken for a context, until the pool's DISCARD ALL clears them.
            pool.execute("SET governance.tenant = 'globex'")
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                pool.execute(current)
            pool.execute("DISCARD ALL")
            assert pool.execute(current).fetchone() == nothing
            pool.execute("BEGIN")
            pool.execute("SELECT governance.set_context('bob', tenant => 'globex')")
            assert pool.execute(current).fetchone() == ("bob", "globex", None)
            pool.execute("COMMIT")
    finally:
        with connect(cluster, db, "postgres") as superuser:
            superuser.execute("DROP OWNED BY lp_pool")
        admin_execute(cluster, "DROP ROLE lp_pool")
