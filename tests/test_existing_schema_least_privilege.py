"""pg-governance on an existing application schema, used by least-privilege roles only.

The set-up is the one the README describes for a team: the application's tables belong
to an application owner (not the installer, not a superuser); a dedicated DBA role with
CREATEROLE, which owns the database, installs the pack and is made a member of the
application owner; every person or service logs in with a role that is a member of only
the governance_* role the docs name for its step (plus the application owner where a
step changes a table's row security). No superuser acts after the set-up, so row-level
security applies to the pack's owner as it does in production (a superuser bypasses it,
which is why the pgTAP suite, run as one, cannot see these behaviours).
"""
from __future__ import annotations

import datetime
import json
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
import pytest
from conftest import admin_execute, create_installing_role, quiet

from installer.engine.migrate import apply
from installer.engine.throwaway import ThrowawayCluster, find_bindir

DATABASE = "least_privilege_saas"
MASTER_KEY = "least-privilege master key 0123456789abcdef0123456789"
ACME = "00000000-0000-0000-0000-00000000acde"
GLOBEX = "00000000-0000-0000-0000-0000000091b0"

# Login roles, each with what the docs say its job needs.
DBA = "lp_dba"                  # installs: LOGIN CREATEROLE, owns the database
OWNER = "lp_app_owner"          # owns the application schema (its migrations run as it)
ADMIN = "lp_admin"              # governance_admin
SCHEMA_ADMIN = "lp_schema_admin"  # governance_admin and the application owner: row security
DPO = "lp_dpo"                  # governance_dpo
AUDITOR = "lp_auditor"          # governance_auditor
WEB = "lp_web"                  # governance_app: the web application
REPORTING = "lp_reporting"      # governance_app: a reporting tool, which needs it to read isolated tables
ANALYST = "lp_analyst"          # governance_app: a data scientist with a privacy budget
SERVICE = "lp_service"          # pg_write_all_data: a batch service that writes every table
LOGINS = {ADMIN: ("governance_admin",), SCHEMA_ADMIN: ("governance_admin",), DPO: ("governance_dpo",),
          AUDITOR: ("governance_auditor",), WEB: ("governance_app",), REPORTING: ("governance_app",),
          ANALYST: ("governance_app",)}


@dataclass(frozen=True)
class Saas:
    cluster: ThrowawayCluster

    def dsn(self, role: str) -> str:
        return self.cluster.dsn(DATABASE).replace("user=postgres", f"user={role}")

    def connect(self, role: str, **kwargs) -> psycopg.Connection:
        return psycopg.connect(self.dsn(role), **kwargs)

    def as_owner(self, sql: str) -> None:
        """A migration of the application, run by its owner."""
        with self.connect(OWNER) as conn:
            conn.execute(sql)

    def superuser_count(self, query: str) -> int:
        """Ground truth, read past row security (never used to act)."""
        with psycopg.connect(self.cluster.dsn(DATABASE)) as conn:
            return conn.execute(query).fetchone()[0]


@pytest.fixture(scope="module")
def saas(cluster: ThrowawayCluster, installed_template: str) -> Iterator[Saas]:
    # installed_template: the governance_* roles already exist, as when another database
    # of the cluster has the pack.
    create_installing_role(cluster, DBA)
    admin_execute(cluster, f"CREATE ROLE {OWNER} LOGIN")
    admin_execute(cluster, f"CREATE DATABASE {DATABASE} OWNER {DBA}")
    env = Saas(cluster)
    try:
        with psycopg.connect(cluster.dsn(DATABASE), autocommit=True) as conn:
            conn.execute(f"GRANT CREATE ON DATABASE {DATABASE} TO {OWNER}")
        env.as_owner(f"""
            CREATE SCHEMA app;
            CREATE TABLE app.tenants (id uuid PRIMARY KEY, name text NOT NULL);
            INSERT INTO app.tenants VALUES ('{ACME}', 'Acme'), ('{GLOBEX}', 'Globex');""")
        with env.connect(DBA) as conn:
            apply(conn, report=quiet)
        with env.connect(DBA, autocommit=True) as conn:
            for login, member_of in LOGINS.items():
                conn.execute(f"CREATE ROLE {login} LOGIN")
                conn.execute(f"GRANT {', '.join(member_of)} TO {login}")
        # The README's set-up for an existing schema: the pack's owner acts on the
        # application's tables as a member of their owner (granted by the role that created
        # it, which on PostgreSQL 16+ alone holds ADMIN OPTION on it).
        admin_execute(cluster, f"GRANT {OWNER} TO {DBA}")
        admin_execute(cluster, f"GRANT {OWNER} TO {SCHEMA_ADMIN}")  # the row-security jobs need the owner too
        # pg_write_all_data is PostgreSQL 14+, granted by a superuser (on 16+ a CREATEROLE
        # role needs ADMIN on it).
        admin_execute(cluster, f"CREATE ROLE {SERVICE} LOGIN")
        admin_execute(cluster, "DO $$ BEGIN IF to_regrole('pg_write_all_data') IS NOT NULL THEN "
                               f"GRANT pg_write_all_data TO {SERVICE}; END IF; END $$")
        env.as_owner(f"GRANT USAGE ON SCHEMA app TO {ADMIN}, {DPO}, {AUDITOR}, {WEB}, {REPORTING}, {ANALYST}")
        # Who may claim what in set_context: the web application's pool names its
        # authenticated users in any tenant; the DPO acts under its own name in any tenant.
        with env.connect(ADMIN, autocommit=True) as conn:
            conn.execute("SELECT governance.allow_any_context(%s)", [WEB])
            conn.execute("SELECT governance.bind_context(%s, actors => ARRAY['dpo@example.com'], any_tenant => true)", [DPO])
        # And trusts the code of the application's owner (docs/threat_model.md).
        with env.connect(DBA) as conn:
            conn.execute(f"SELECT governance.trust_owner('{OWNER}')")
        yield env
    finally:
        admin_execute(cluster, f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        for role in [*LOGINS, SERVICE, DBA, OWNER]:
            admin_execute(cluster, f"DROP ROLE IF EXISTS {role}")


def tenant_table(saas: Saas, name: str, partitioned: bool = False) -> None:
    """A multi-tenant table of the application, 10 rows per tenant, readable by the web app."""
    partitions = ""
    if partitioned:
        partitions = f"""PARTITION BY LIST (tenant_id);
            CREATE TABLE app.{name}_acme PARTITION OF app.{name} FOR VALUES IN ('{ACME}');
            CREATE TABLE app.{name}_rest PARTITION OF app.{name} DEFAULT"""
    saas.as_owner(f"""
        CREATE TABLE app.{name} (
            id int, tenant_id uuid NOT NULL REFERENCES app.tenants, email text NOT NULL, note text,
            created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (id, tenant_id)) {partitions};
        INSERT INTO app.{name} (id, tenant_id, email, note)
        SELECT g, CASE WHEN g % 2 = 0 THEN '{ACME}'::uuid ELSE '{GLOBEX}'::uuid END,
               'user' || g || '@example.com', 'note ' || g
          FROM generate_series(1, 20) g;
        GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA app TO {WEB};""")


def isolate(saas: Saas, table: str) -> list[str]:
    """Tenant isolation, enabled as the docs say (governance_admin, the table's owner); the notices."""
    notices: list[str] = []
    with saas.connect(SCHEMA_ADMIN) as conn:
        conn.add_notice_handler(lambda diag: notices.append(diag.message_primary))
        conn.execute("SELECT access.enable_tenant_isolation(%s, 'tenant_id')", [table])
    return notices


def cli_env() -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if k != "PG_GOVERNANCE_MASTER_KEY"},
            "PG_GOVERNANCE_MASTER_KEY": MASTER_KEY}


@pytest.fixture(scope="module")
def pii_key(saas: Saas) -> str:
    """A data key the administrator may use and the web application may decrypt with."""
    with saas.connect(ADMIN) as conn:
        conn.execute("SELECT governance.unlock(%s)", [MASTER_KEY])
        conn.execute("SELECT governance.create_key('pii')")
        conn.execute(f"SELECT governance.grant_key('pii', '{ADMIN}')")
        conn.execute(f"SELECT governance.grant_key('pii', '{WEB}', ARRAY['decrypt'])")
    return "pii"


def test_tenant_isolation_also_guards_the_partitions(saas):
    tenant_table(saas, "events", partitioned=True)
    notices = isolate(saas, "app.events")
    assert notices == [], "enabling isolation on a fresh table is quiet"
    with saas.connect(WEB) as conn:
        conn.execute("SELECT governance.set_context('alice', tenant => %s)", [ACME])
        assert conn.execute("SELECT count(*) FROM app.events").fetchone()[0] == 10
        # A partition read straight away (the web app may: GRANT ... ON ALL TABLES) is
        # isolated as well, not every tenant's rows.
        assert conn.execute("SELECT count(DISTINCT tenant_id) FROM app.events_rest").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM app.events_acme").fetchone()[0] == 10
        conn.rollback()
        assert conn.execute("SELECT count(*) FROM app.events_acme").fetchone()[0] == 0, "no tenant, no rows"
    with saas.connect(AUDITOR) as conn:
        status = conn.execute("SELECT status FROM compliance.run_checks('soc2') "
                              "WHERE check_id = 'soc2.tenant_tables_without_rls'").fetchone()[0]
    assert status == "pass"

    with saas.connect(SCHEMA_ADMIN) as conn:
        conn.execute("SELECT access.disable_rls('app.events')")
    with saas.connect(WEB) as conn:
        assert conn.execute("SELECT count(*) FROM app.events_acme").fetchone()[0] == 10, \
            "disable_rls lifts it from the partitions too"


def test_encrypt_column_refuses_a_table_whose_rows_row_security_hides(saas, pii_key, cli):
    """Tenant isolation forces RLS on the owner, and so on the pack's owner (a member of
    it): the conversion would see no row and drop the plaintext column with every value."""
    tenant_table(saas, "customers")
    isolate(saas, "app.customers")
    emails = "SELECT count(*) FROM app.customers WHERE email LIKE 'user%@example.com'"

    for command in (["encrypt-column", "--dry-run"], ["encrypt-column"]):
        run = cli(*command, "--dsn", saas.dsn(ADMIN), "app.customers", "email", pii_key, env=cli_env())
        assert run.returncode == 2, run.stdout + run.stderr
        assert "Refused (55000)" in run.stderr and "row-level security" in run.stderr, run.stderr
        assert "NO FORCE ROW LEVEL SECURITY" in run.stderr and "needs governance_admin" not in run.stderr, run.stderr
    assert saas.superuser_count(emails) == 20, "every plaintext value is still there"
    assert saas.superuser_count("SELECT count(*) FROM pg_attribute WHERE attrelid = 'app.customers'::regclass "
                                "AND attname LIKE '%encrypted'") == 0, "and nothing was added"
    with saas.connect(AUDITOR) as conn:
        with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState, match="row-level security"):
            conn.execute("SELECT governance.encryption_backlog('app.customers', 'email')")

    # The documented way through: lift FORCE for the conversion, then force it again.
    saas.as_owner("ALTER TABLE app.customers NO FORCE ROW LEVEL SECURITY")
    run = cli("encrypt-column", "--dsn", saas.dsn(ADMIN), "app.customers", "email", pii_key, "--batch-size", "7",
              env=cli_env())
    assert run.returncode == 0 and "Done: 20 row(s)" in run.stdout, run.stdout + run.stderr
    saas.as_owner("ALTER TABLE app.customers FORCE ROW LEVEL SECURITY")
    with saas.connect(ADMIN) as conn:
        conn.execute("SELECT governance.unlock(%s)", [MASTER_KEY])
        conn.execute("SELECT governance.rotate_key('pii')")
    run = cli("reencrypt", "--dsn", saas.dsn(ADMIN), "app.customers", "email", env=cli_env())
    assert run.returncode == 2 and "row-level security" in run.stderr, run.stdout + run.stderr

    with saas.connect(WEB) as conn:
        conn.execute("SELECT governance.set_context('alice', tenant => %s)", [ACME])
        conn.execute("SELECT governance.unlock(%s)", [MASTER_KEY])
        rows = conn.execute("SELECT id, email FROM app.customers_decrypted ORDER BY id").fetchall()
    assert rows == [(g, f"user{g}@example.com") for g in range(2, 21, 2)]


def test_decrypted_view_keeps_the_column_order_and_belongs_to_the_tables_owner(saas, pii_key, cli):
    saas.as_owner('CREATE TABLE app."Support Tickets" (id int PRIMARY KEY, "Body" text, "userId" int, created_at date);'
                  f"""INSERT INTO app."Support Tickets" VALUES (1, 'call me', 7, '2026-01-01');
                      GRANT SELECT ON app."Support Tickets" TO {WEB};""")
    run = cli("encrypt-column", "--dsn", saas.dsn(ADMIN), 'app."Support Tickets"', "Body", pii_key, env=cli_env())
    assert run.returncode == 0, run.stdout + run.stderr
    with saas.connect(WEB) as conn:
        conn.execute("SELECT governance.unlock(%s)", [MASTER_KEY])
        cursor = conn.execute('SELECT * FROM app."Support Tickets_decrypted"')
        assert [c.name for c in cursor.description] == ["id", "Body", "userId", "created_at"]
        assert cursor.fetchall() == [(1, "call me", 7, datetime.date(2026, 1, 1))]
    assert saas.superuser_count("SELECT relowner::regrole::text FROM pg_class "
                                "WHERE oid = 'app.\"Support Tickets_decrypted\"'::regclass") == OWNER
    # So the application's migrations still grant on their whole schema.
    saas.as_owner(f"GRANT SELECT ON ALL TABLES IN SCHEMA app TO {AUDITOR}")


@contextmanager
def pack_owner_outside_the_application(saas: Saas) -> Iterator[None]:
    """As before the README's GRANT: the pack's owner is not a member of the application owner."""
    admin_execute(saas.cluster, f"REVOKE {OWNER} FROM {DBA}")
    try:
        yield
    finally:
        admin_execute(saas.cluster, f"GRANT {OWNER} TO {DBA}")


def test_pack_owner_outside_the_application_gets_a_remedy_not_a_query_dump(saas, pii_key, cli):
    tenant_table(saas, "orders")
    saas.as_owner("CREATE SCHEMA private; CREATE TABLE private.leads (id int PRIMARY KEY, email text);"
                  f"GRANT USAGE ON SCHEMA private TO {DPO}, {ADMIN};"
                  f"GRANT TRIGGER ON app.orders TO {DBA};")  # enough to create triggers, not to drop them
    try:
        with pack_owner_outside_the_application(saas):
            with saas.connect(DPO) as conn:
                with pytest.raises(psycopg.errors.InsufficientPrivilege) as refused:
                    conn.execute("SELECT * FROM governance.discover_pii('private')")
            assert refused.value.diag.message_primary == (
                f"governance.discover_pii: pg-governance's owner {DBA} lacks USAGE on schema private, SELECT on private.leads")
            assert f"GRANT SELECT ON private.leads TO {DBA};" in refused.value.diag.message_hint

            # TRIGGER on the table is what audit.enable needs (PostgreSQL 14+ replaces the
            # triggers in place), with USAGE on its schema to name it.
            with saas.connect(ADMIN) as conn:
                with pytest.raises(psycopg.errors.InsufficientPrivilege) as refused:
                    conn.execute("SELECT audit.enable('app.orders')")
            assert refused.value.diag.message_primary == (
                f"audit.refresh: pg-governance's owner {DBA} lacks USAGE on schema app")
            assert refused.value.diag.message_hint.startswith(
                f"It acts on application tables with its own rights. As the tables' owner: GRANT USAGE ON SCHEMA app TO {DBA};")

            # The command line gives that remedy alone, not the connecting role's grants.
            run = cli("encrypt-column", "--dsn", saas.dsn(ADMIN), "app.orders", "email", pii_key, env=cli_env())
            assert run.returncode == 2 and f"GRANT {OWNER} TO {DBA};" in run.stderr, run.stdout + run.stderr
            assert "needs governance_admin" not in run.stderr, run.stderr
    finally:
        saas.as_owner("DROP SCHEMA private CASCADE")

    with saas.connect(ADMIN) as conn:
        conn.execute("SELECT audit.enable('app.orders')")
    # A classification by the DPO re-creates the audited table's triggers (drops them first).
    with saas.connect(DPO) as conn:
        conn.execute("SELECT governance.classify('app.orders', 'email', 'contact', 'restricted')")


def test_discover_pii_says_when_row_security_hid_the_sample(saas):
    tenant_table(saas, "leads")
    isolate(saas, "app.leads")
    with saas.connect(DPO) as conn:
        evidence = conn.execute("SELECT evidence FROM governance.discover_pii('app') "
                                "WHERE table_name = 'app.leads'::regclass AND column_name = 'email'").fetchone()[0]
    assert evidence["sampled_rows"] == 0
    assert evidence["sample_limited_by_row_security"] is True


def test_the_auditor_runs_every_check_its_role_is_documented_for(saas):
    """`check` and `report` need governance_auditor: no check of the pack's own data is
    skipped for lack of a grant (the server-level ones need server roles, as documented)."""
    with saas.connect(AUDITOR) as conn:
        skipped = conn.execute("SELECT check_id, evidence FROM compliance.run_checks() WHERE status = 'skipped'"
                               ).fetchall()
    server_inputs = ("pg_hba_file_rules", "pg_authid", "pg_read_all_settings")
    assert [(c, e) for c, e in skipped if not any(s in str(e) for s in server_inputs)] == []


def test_consent_guard_also_guards_the_partitions(saas):
    tenant_table(saas, "activity", partitioned=True)
    with saas.connect(DPO) as conn:
        conn.execute("SELECT privacy.register_purpose('profiling', 'personalised offers', 'consent', '2026-01')")
    with saas.connect(WEB) as conn:
        conn.execute("SELECT privacy.record_consent(g::text, 'profiling', g <= 4) FROM generate_series(1, 20) g")
    with saas.connect(SCHEMA_ADMIN) as conn:  # the table's owner, a member of governance_admin
        conn.execute("SELECT privacy.consent_required('app.activity', 'profiling', 'id')")
    with saas.connect(WEB) as conn:
        conn.execute("SELECT governance.set_context('recommender', purpose => 'profiling')")
        assert conn.execute("SELECT array_agg(id ORDER BY id) FROM app.activity").fetchone()[0] == [1, 2, 3, 4]
        assert conn.execute("SELECT array_agg(id ORDER BY id) FROM app.activity_acme").fetchone()[0] == [2, 4]


def test_the_dpo_erases_a_tenant_isolated_subject_under_its_tenant(saas, cli, tmp_path):
    """Issue 16, shape 7: with forced tenant isolation, a subject of another tenant is not
    "unknown" (the DPO's export wrote an empty file with exit 0): plan, forget and export
    say that row security may hide it, take its tenant, and only one the DPO may claim."""
    saas.as_owner(f"""
        CREATE TABLE app.members (id int PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES app.tenants, email text);
        CREATE TABLE app.member_notes (id int PRIMARY KEY, member_id int NOT NULL REFERENCES app.members,
                                       tenant_id uuid NOT NULL, body text);
        CREATE INDEX ON app.member_notes (member_id);
        INSERT INTO app.members VALUES (1, '{ACME}', 'ann@example.com'), (2, '{GLOBEX}', 'bo@example.com'),
                                       (3, '{ACME}', 'cy@example.com');
        INSERT INTO app.member_notes VALUES (10, 1, '{ACME}', 'a'), (11, 1, '{ACME}', 'b'), (20, 2, '{GLOBEX}', 'c'),
                                            (30, 3, '{ACME}', 'd');
        CREATE TABLE app.staff (id int PRIMARY KEY, name text);   -- not isolated
        INSERT INTO app.staff VALUES (1, 'Dee');""")
    isolate(saas, "app.members")
    isolate(saas, "app.member_notes")
    with saas.connect(DPO) as conn:
        conn.execute("SELECT privacy.register_subject('member', 'app.members', 'id')")
        conn.execute("SELECT privacy.register_subject('staff', 'app.staff', 'id')")
        conn.commit()
        # Hidden (maybe in another tenant) and unknown (nothing filters it) are told apart.
        plan = conn.execute("SELECT privacy.erasure_plan('1', 'member')").fetchone()[0]
        assert (plan["subject_found"], plan["hidden_by_row_security"]) == (False, True)
        assert "app.members" in plan["hint"] and "tenant => ..." in plan["hint"] and "no tenant set" in plan["hint"]
        unknown = conn.execute("SELECT privacy.erasure_plan('9', 'staff')").fetchone()[0]
        assert (unknown["subject_found"], unknown["hidden_by_row_security"]) == (False, False) and "hint" not in unknown
        # Without a tenant: says why (the lock on the subject's rows is a write, which
        # tenant isolation refuses with no tenant set).
        with pytest.raises(psycopg.errors.InsufficientPrivilege) as hidden:
            conn.execute("SELECT privacy.gdpr_forget('1', 'member')")
        assert "no tenant set" in hidden.value.diag.message_primary
        assert "governance.set_context" in hidden.value.diag.message_hint
        conn.rollback()
        # Under another tenant: the subject is hidden, which is not "no such subject".
        with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState) as hidden:
            conn.execute("SELECT privacy.gdpr_forget('1', 'member', tenant => %s)", [GLOBEX])
        assert "no row of a member with this key is visible: row-level security filters app.members" \
            in hidden.value.diag.message_primary
        assert "may belong to another tenant" in hidden.value.diag.message_hint
        conn.rollback()
        with pytest.raises(psycopg.errors.NoDataFound, match="no data of a staff with this key"):
            conn.execute("SELECT privacy.gdpr_forget('9', 'staff')")
        conn.rollback()
        plan = conn.execute("SELECT privacy.erasure_plan('1', 'member', tenant => %s)", [ACME]).fetchone()[0]
        assert (plan["subject_found"], plan["hidden_by_row_security"]) == (True, False)
        erased = conn.execute("SELECT privacy.gdpr_forget('1', 'member', tenant => %s)", [ACME]).fetchone()[0]
        # The tenant argument sets the context, under the DPO's own name, for the transaction.
        assert conn.execute("SELECT actor, tenant FROM governance.session_context()").fetchone() == (DPO, ACME)
        conn.commit()
    assert erased["status"] == "erased" and erased["rows_erased"] == 3
    assert saas.superuser_count("SELECT count(*) FROM app.member_notes") == 2

    # The export: refused while hidden (no empty document), served under the tenant.
    with saas.connect(DPO, autocommit=True) as conn:
        conn.execute("SELECT privacy.request_export('3', 'member')")
        with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState, match="row-level security filters"):
            conn.execute("SELECT privacy.gdpr_export('3', 'member')")
        exported = conn.execute("SELECT privacy.gdpr_export('3', 'member', tenant => %s)", [ACME]).fetchone()[0]
        assert sorted(r["id"] for r in exported["tables"]["app.member_notes"]["rows"]) == [30]
    hidden_file, file = tmp_path / "hidden.json", tmp_path / "member-3.json"
    run = cli("export", "--dsn", saas.dsn(DPO), "--subject-type", "member", "--key", "3", "--output", str(hidden_file))
    assert run.returncode == 2 and "row-level security filters app.members" in run.stderr, run.stdout + run.stderr
    assert not hidden_file.exists() and "Wrote" not in run.stdout
    run = cli("export", "--dsn", saas.dsn(DPO), "--subject-type", "member", "--key", "3", "--tenant", ACME,
              "--output", str(file))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Wrote 2 rows from 2 tables" in run.stdout
    assert "ask the application" in cli("export", "--help").stdout

    # Only a tenant the DPO may claim: bound to globex alone, acme is refused.
    with saas.connect(ADMIN, autocommit=True) as conn:
        conn.execute("SELECT governance.bind_context(%s, tenants => ARRAY[%s])", [DPO, GLOBEX])
    try:
        with saas.connect(DPO) as conn:
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match=f"may not claim tenant '{ACME}'"):
                conn.execute("SELECT privacy.erasure_plan('3', 'member', tenant => %s)", [ACME])
        run = cli("forget", "--dsn", saas.dsn(DPO), "--subject-type", "member", "--key", "3", "--tenant", ACME)
        assert run.returncode == 2 and "may not claim tenant" in run.stderr, run.stdout + run.stderr
    finally:
        with saas.connect(ADMIN, autocommit=True) as conn:
            conn.execute("SELECT governance.bind_context(%s, actors => ARRAY['dpo@example.com'], any_tenant => true)",
                         [DPO])
    assert saas.superuser_count("SELECT count(*) FROM app.members WHERE id = 3") == 1


def test_encrypting_a_column_leaves_none_of_its_plaintext_in_the_audit_trail(saas, pii_key, cli):
    """Issue 15, class 5: after encrypt_column the column's earlier values stayed in
    audit.changes, readable by the auditor without a key."""
    saas.as_owner("CREATE TABLE app.patients (id int PRIMARY KEY, name text NOT NULL, ssn text)")
    with saas.connect(ADMIN) as conn:
        conn.execute("SELECT audit.enable('app.patients')")
    saas.as_owner("""INSERT INTO app.patients VALUES (1, 'Ada', '111-22-3333'), (2, 'Bo', NULL);
                     UPDATE app.patients SET ssn = '999-88-7777' WHERE id = 1;
                     UPDATE app.patients SET name = 'Bob' WHERE id = 2""")
    run = cli("encrypt-column", "--dsn", saas.dsn(ADMIN), "app.patients", "ssn", pii_key, env=cli_env())
    assert run.returncode == 0, run.stdout + run.stderr
    saas.as_owner("UPDATE app.patients SET ssn = NULL WHERE id = 1")   # after: captured as restricted
    with saas.connect(ADMIN) as conn:
        conn.execute("SELECT audit.seal()")
    with saas.connect(AUDITOR) as conn:
        trail = [row[0] for row in conn.execute(
            "SELECT concat_ws(' ', old_values::text, new_values::text) FROM audit.changes WHERE table_name = 'app.patients'")]
        assert not [t for t in trail if "111-22-3333" in t or "999-88-7777" in t], trail
        assert any('"Bob"' in t for t in trail), "the history of rows that never held the column in clear stays"
        assert conn.execute("SELECT * FROM audit.verify_chain()").fetchall() == []
        reasons = [row[0] for row in conn.execute(
            "SELECT details->>'reason' FROM audit.events WHERE event_type = 'audit.redaction' "
            "AND resource_id = 'app.patients'")]
        assert reasons == ["governance.encrypt_column: column ssn of app.patients is encrypted; its plaintext history is redacted"]
        assert conn.execute("SELECT sensitivity FROM governance.classified_columns "
                            "WHERE relid = 'app.patients'::regclass AND column_name = 'ssn'").fetchone()[0] == "restricted"


def test_the_erasure_plan_names_a_foreign_key_that_crosses_tenants(saas):
    """Issue 15, class 8: a globex visit references an acme member (the foreign key leaves
    the tenant out). Tenant isolation hides it from acme's DPO and from the pack's owner;
    the plan says that such rows may exist and what they do to the erasure."""
    saas.as_owner(f"""
        CREATE TABLE app.gym_members (id int PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES app.tenants, email text);
        CREATE TABLE app.gym_visits (id int PRIMARY KEY, tenant_id uuid NOT NULL, member_id int REFERENCES app.gym_members);
        CREATE INDEX ON app.gym_visits (member_id);
        INSERT INTO app.gym_members VALUES (1, '{ACME}', 'ada@acme.example');
        INSERT INTO app.gym_visits VALUES (1, '{GLOBEX}', 1)""")
    isolate(saas, "app.gym_members")
    isolate(saas, "app.gym_visits")
    with saas.connect(ADMIN) as conn:
        conn.execute("SELECT privacy.register_subject('gym_member', 'app.gym_members', 'id')")
    with saas.connect(DPO) as conn:
        conn.execute("SELECT governance.set_context('dpo@example.com', tenant => %s)", [ACME])
        plan = conn.execute("SELECT privacy.erasure_plan('1', 'gym_member')").fetchone()[0]
    crossing = [w for w in plan["warnings"] if "references" in w]
    assert [(w["table"], w["references"], w["rows"]) for w in crossing] == [("app.gym_visits", "app.gym_members", None)]
    assert "hidden from this plan by tenant isolation; the erasure would fail on them" in crossing[0]["warning"]
    assert "FOREIGN KEY (tenant_id, member_id) REFERENCES app.gym_members (tenant_id, id)" in crossing[0]["warning"]


def _dump_tool(saas: Saas, tool: str, role: str, *args: str) -> subprocess.CompletedProcess[str]:
    """pg_dump or pg_restore from the server's own bindir, connecting as role."""
    params = psycopg.conninfo.conninfo_to_dict(saas.dsn(role))
    return subprocess.run([str(find_bindir() / tool), "-h", params["host"], "-p", str(params["port"]), "-U", role, *args],
                          capture_output=True, text=True)


def test_an_owner_backfill_with_no_tenant_set_is_refused_with_a_hint_not_zero_rows(saas):
    """Forced row security hid every row from the owner's maintenance UPDATE: it reported
    UPDATE 0 and the migration went on as if done."""
    tenant_table(saas, "backfilled")
    isolate(saas, "app.backfilled")
    for statement in ("UPDATE app.backfilled SET note = 'backfilled'", "DELETE FROM app.backfilled",
                      f"INSERT INTO app.backfilled (id, tenant_id, email) VALUES (99, '{ACME}', 'x@example.com')"):
        # The owner's migration role, a member of governance roles (SCHEMA_ADMIN): subject
        # to the forced row security.
        with saas.connect(SCHEMA_ADMIN) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege) as refused:
            conn.execute(statement)
        assert "no tenant set" in refused.value.diag.message_primary, statement
        assert "governance.set_context" in refused.value.diag.message_hint
        assert "BYPASSRLS" in refused.value.diag.message_hint
    with saas.connect(WEB) as conn:   # with the tenant set, the write is the tenant's
        conn.execute("SELECT governance.set_context('alice', tenant => %s)", [ACME])
        assert conn.execute("UPDATE app.backfilled SET note = 'backfilled'").rowcount == 10
    assert saas.superuser_count("SELECT count(*) FROM app.backfilled WHERE note = 'backfilled'") == 10


def test_a_dump_under_tenant_isolation_restores_with_the_chain_verifying_and_values_decrypting(saas, pii_key, cli, tmp_path):
    """docs/backup.md: the pack's owner and the application owner cannot dump an isolated
    table (pg_dump refuses rather than dump only the rows row security shows); a role with
    BYPASSRLS can, and the restore verifies."""
    tenant_table(saas, "ledger")
    with saas.connect(ADMIN) as conn:
        conn.execute("SELECT audit.enable('app.ledger')")
    run = cli("encrypt-column", "--dsn", saas.dsn(ADMIN), "app.ledger", "email", pii_key, env=cli_env())
    assert run.returncode == 0, run.stdout + run.stderr
    isolate(saas, "app.ledger")
    with saas.connect(WEB) as conn:
        conn.execute("SELECT governance.set_context('alice', tenant => %s)", [ACME])
        conn.execute("UPDATE app.ledger SET note = 'after isolation' WHERE id = 2")
    dump = tmp_path / "app.dump"

    # The application owner dumps its own schema (it has no USAGE on the pack's), the DBA all.
    for role, only in ((OWNER, ["--schema=app"]), (DBA, [])):
        refused = _dump_tool(saas, "pg_dump", role, *only, "--format=custom", f"--file={dump}", DATABASE)
        assert refused.returncode != 0 and "row-level security" in refused.stderr, (role, refused.stderr)

    restored = "lp_restored"
    # A backup role reads everything past row security: pg_read_all_data from PostgreSQL 14
    # on; on 13, which lacks it, a member of the pack's owner (itself a member of app_owner).
    with psycopg.connect(saas.cluster.dsn(), autocommit=True) as superuser:
        reader = "pg_read_all_data" if superuser.info.server_version >= 140000 else DBA
    admin_execute(saas.cluster, f"CREATE ROLE lp_backup LOGIN BYPASSRLS IN ROLE {reader}")
    try:
        done = _dump_tool(saas, "pg_dump", "lp_backup", "--format=custom", f"--file={dump}", DATABASE)
        assert done.returncode == 0, done.stderr
        admin_execute(saas.cluster, f"CREATE DATABASE {restored} OWNER {DBA}")
        # The restore runs as the pack's owner, a member of the application owner: it may
        # create each object under its owner. Row security is created after the data.
        # The matrix's trees share the newest pg_restore, which sets transaction_timeout
        # (PostgreSQL 17+) first: on an older server that one statement fails, and only it.
        done = _dump_tool(saas, "pg_restore", DBA, f"--dbname={restored}", str(dump))
        errors = [line for line in done.stderr.splitlines() if "ERROR" in line]
        assert all("transaction_timeout" in line for line in errors), done.stderr
        assert done.returncode == 0 or errors, done.stderr

        def dsn(database: str, role: str) -> str:
            return saas.dsn(role).replace(f"dbname={DATABASE}", f"dbname={database}")

        def decrypted(database: str) -> list[tuple]:
            with psycopg.connect(dsn(database, WEB)) as conn:
                conn.execute("SELECT governance.set_context('alice', tenant => %s)", [ACME])
                conn.execute("SELECT governance.unlock(%s)", [MASTER_KEY])
                return conn.execute("SELECT id, email, note FROM app.ledger_decrypted ORDER BY id").fetchall()

        assert decrypted(restored) == decrypted(DATABASE) and len(decrypted(restored)) == 10
        with psycopg.connect(dsn(restored, AUDITOR)) as conn:
            assert conn.execute("SELECT * FROM audit.verify_chain()").fetchall() == []
            changes = "SELECT count(*) FROM audit.changes WHERE table_name = 'app.ledger'"
            assert conn.execute(changes).fetchone()[0] > 0
        with psycopg.connect(dsn(DATABASE, AUDITOR)) as conn:
            assert conn.execute(changes).fetchone()[0] == conn.execute(changes).fetchone()[0]
        with psycopg.connect(dsn(restored, WEB)) as conn:   # isolation is restored with the data
            assert conn.execute("SELECT count(*) FROM app.ledger").fetchone()[0] == 0
    finally:
        admin_execute(saas.cluster, f"DROP DATABASE IF EXISTS {restored} WITH (FORCE)")
        admin_execute(saas.cluster, "DROP ROLE lp_backup")


# Identity: who may claim which actor and tenant (docs/threat_model.md#identity-who-may-claim-which-actor-and-tenant).

def claim(saas: Saas, login: str, actor: str, tenant: str | None = None) -> str:
    """set_context as the login: 'ok', or the SQLSTATE it was refused with."""
    with saas.connect(login) as conn:
        try:
            conn.execute("SELECT governance.set_context(%s, tenant => %s)", [actor, tenant])
        except psycopg.Error as error:
            return error.sqlstate
    return "ok"


def test_each_role_claims_only_what_it_was_bound_to(saas):
    """The fixture's bindings: the web application's pool is a gateway, the DPO may name
    itself in any tenant; everyone else is unbound and may claim only its login name."""
    allowed = {
        (WEB, "anyone@example.com", GLOBEX): "ok",          # a gateway: it authenticated its users
        (DPO, DPO, None): "ok", (DPO, "dpo@example.com", ACME): "ok",
        (DPO, "alice", None): "42501",                       # its tenants, not other people's names
        (AUDITOR, AUDITOR, None): "ok", (AUDITOR, "alice", None): "42501", (AUDITOR, AUDITOR, ACME): "42501",
        (ADMIN, ADMIN, None): "ok", (ADMIN, "alice", None): "42501", (ADMIN, ADMIN, GLOBEX): "42501",
        (SCHEMA_ADMIN, "alice", ACME): "42501",
        (REPORTING, REPORTING, None): "ok", (REPORTING, REPORTING, GLOBEX): "42501",
        (ANALYST, "bob", None): "42501",
        (SERVICE, SERVICE, None): "42501",                   # not a governance role: no EXECUTE at all
    }
    assert {key: claim(saas, *key) for key in allowed} == allowed


def test_a_reporting_role_reads_only_the_tenants_an_admin_bound_it_to(saas):
    """The attack: a reporting role, a member of governance_app so that it can read an
    isolated table at all, named another tenant in set_context and read its rows."""
    tenant_table(saas, "invoices")
    isolate(saas, "app.invoices")
    saas.as_owner(f"GRANT SELECT ON app.invoices TO {REPORTING}")
    with saas.connect(REPORTING) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege) as refused:
            conn.execute("SELECT governance.set_context('report', tenant => %s)", [GLOBEX])
        conn.rollback()
        assert refused.value.diag.message_primary == f"governance.set_context: role {REPORTING} may not claim actor 'report'"
        assert f"governance.bind_context('{REPORTING}'" in refused.value.diag.message_hint
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match=f"may not claim tenant '{GLOBEX}'"):
            conn.execute("SELECT governance.set_context(%s, tenant => %s)", [REPORTING, GLOBEX])
        conn.rollback()
        assert conn.execute("SELECT count(*) FROM app.invoices").fetchone()[0] == 0, "no tenant, no rows"

    with saas.connect(ADMIN) as conn:
        conn.execute("SELECT governance.bind_context(%s, tenants => ARRAY[%s])", [REPORTING, ACME])
    with saas.connect(REPORTING) as conn:
        conn.execute("SELECT governance.set_context(%s, tenant => %s)", [REPORTING, ACME])
        assert conn.execute("SELECT count(*), count(DISTINCT tenant_id) FROM app.invoices").fetchone() == (10, 1)
        conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match=f"may not claim tenant '{GLOBEX}'"):
            conn.execute("SELECT governance.set_context(%s, tenant => %s)", [REPORTING, GLOBEX])
    with saas.connect(ADMIN) as conn:
        assert conn.execute("SELECT governance.unbind_context(%s)", [REPORTING]).fetchone()[0] is True
    assert claim(saas, REPORTING, REPORTING, ACME) == "42501", "unbinding takes the tenant back"


def test_an_analyst_cannot_spend_other_actors_privacy_budgets(saas):
    """The attack: an analyst with a budget of 1 spent 3 by switching actor names."""
    saas.as_owner(f"""CREATE TABLE app.salaries (id int, amount numeric);
                      INSERT INTO app.salaries SELECT g, g * 10 FROM generate_series(1, 50) g;
                      GRANT SELECT ON app.salaries TO {DBA}""")
    with saas.connect(DPO) as conn:
        for actor in (ANALYST, "analyst-2", "analyst-3"):
            conn.execute("SELECT privacy.set_budget(%s, 'app.salaries', 1)", [actor])
    with saas.connect(ANALYST) as conn:
        spent = 0.0
        for actor in (ANALYST, "analyst-2", "analyst-3"):
            try:
                conn.execute("SELECT governance.set_context(%s)", [actor])
                conn.execute("SELECT privacy.dp_count('app.salaries', 0.9)")
                conn.commit()
                spent += 0.9
            except psycopg.errors.InsufficientPrivilege:
                conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="privacy budget exceeded"):
            conn.execute("SELECT privacy.dp_count('app.salaries', 0.9)")
    assert spent == 0.9, "the analyst spent its own budget only"
    assert saas.superuser_count("SELECT count(*) FROM privacy.dp_releases WHERE dataset = 'app.salaries'::regclass") == 1


def test_the_bindings_cannot_be_forged_by_writing_the_table(saas):
    has_write_all = saas.superuser_count(f"SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
                                         f"WHERE r.rolname = 'pg_write_all_data' AND m.member = '{SERVICE}'::regrole")
    attempts = {
        WEB: "INSERT INTO governance.context_bindings (role, any_actor, any_tenant, bound_by) "
             "VALUES (current_user::regrole, true, true, 'me')",
        ADMIN: "INSERT INTO governance.context_bindings (role, any_actor, any_tenant, bound_by) "
               "VALUES (current_user::regrole, true, true, 'me')",
    }
    if has_write_all:
        attempts[SERVICE] = attempts[WEB]
    for login, statement in attempts.items():
        with saas.connect(login) as conn:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
    with saas.connect(ADMIN, autocommit=True) as conn:
        conn.execute("SELECT governance.bind_context(%s, actors => ARRAY['report'])", [REPORTING])
    if has_write_all:
        with saas.connect(SERVICE) as conn:
            # Row security hides every row from it: nothing to widen or take away.
            assert conn.execute("UPDATE governance.context_bindings SET any_actor = true, actors = '{}'").rowcount == 0
            assert conn.execute("DELETE FROM governance.context_bindings").rowcount == 0
            conn.commit()
        assert claim(saas, SERVICE, SERVICE) == "42501", "and it may not call set_context at all"
    for login in (WEB, ADMIN, DPO):
        with saas.connect(login) as conn:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("UPDATE governance.context_bindings SET any_actor = true")
    assert claim(saas, REPORTING, "alice") == "42501", "the binding was not widened"
    with saas.connect(AUDITOR) as conn:
        binding = conn.execute("SELECT actors, bound_by FROM governance.context_bindings WHERE role = %s::regrole",
                               [REPORTING]).fetchone()
        assert binding == (["report"], ADMIN)
        event = conn.execute("SELECT actor, details FROM audit.events WHERE event_type = 'audit.context_binding' "
                             "AND resource_id = %s ORDER BY id DESC LIMIT 1", [REPORTING]).fetchone()
        assert event[0] == ADMIN and event[1]["actors"] == ["report"], "who bound whom is in the audit trail"
    with saas.connect(ADMIN) as conn:
        for group in ("governance_app", "governance_dpo"):
            with pytest.raises(psycopg.errors.InvalidParameterValue, match="every member would claim"):
                conn.execute("SELECT governance.allow_any_context(%s)", [group])
            conn.rollback()
        conn.execute("SELECT governance.unbind_context(%s)", [REPORTING])
        conn.commit()
    for login in (DPO, AUDITOR, WEB):
        with saas.connect(login) as conn:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("SELECT governance.allow_any_context(%s)", [login])


# Business rules callable out of context (issue 15, class 7).

def test_an_opt_out_cannot_be_lifted_by_a_step_of_erasure_nor_by_spelling_the_key_otherwise(saas):
    """The attacks: the DPO called privacy.pseudonymize_subject on its own for a customer
    who had opted out of sale and was never erased, so the opt-out no longer matched and
    a refused sale was accepted, unrecorded; and an opt-out of 'cust-7' did not stop a
    sale to 'CUST-7' or 'cust-7 '."""
    sale = "SELECT privacy.log_data_sharing(%s, 'AdNetwork', ARRAY['email'], 'targeted ads', true)"
    with saas.connect(WEB) as conn:
        conn.execute("SELECT governance.set_context('shop-backend')")
        conn.execute("SELECT privacy.opt_out_of_sale('cust-7')")
        conn.commit()
    with saas.connect(DPO) as conn:
        for step in ("SELECT privacy.pseudonymize_subject('cust-7', repeat('a', 64))",
                     "SELECT lineage.forget_subject('cust-7')"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(step)
            conn.rollback()
    with saas.connect(WEB) as conn:
        for spelling in ("cust-7", "CUST-7", "cust-7 ", " Cust-7\t"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="opted out of sale"):
                conn.execute(sale, [spelling])
            conn.rollback()
        assert conn.execute("SELECT privacy.has_opted_out('CUST-7 ')").fetchone()[0] is True
    assert saas.superuser_count("SELECT count(*) FROM privacy.data_sharing WHERE is_sale") == 0


def test_the_dpo_exports_encrypted_columns_readable_or_not_at_all(saas, pii_key, cli, tmp_path):
    """Issue 16, shape 8: an encrypted column came out of gdpr_export as ciphertext
    (`\\xe103...`). With the keys unlocked and a decrypt grant it is plaintext; otherwise
    the export refuses naming the fields, or marks them: never the ciphertext."""
    saas.as_owner("""
        CREATE TABLE app.dsr_patients (id int PRIMARY KEY, name text NOT NULL, ssn text, born date);
        INSERT INTO app.dsr_patients VALUES (1, 'Ann', '123-45-6789', '1980-01-02'), (2, 'Bo', NULL, '1990-03-04');""")
    for column in ("ssn", "born"):
        run = cli("encrypt-column", "--dsn", saas.dsn(ADMIN), "app.dsr_patients", column, pii_key, env=cli_env())
        assert run.returncode == 0, run.stdout + run.stderr
    with saas.connect(DPO, autocommit=True) as conn:
        conn.execute("SELECT privacy.register_subject('patient', 'app.dsr_patients', 'id')")

    def export(conn: psycopg.Connection, *extra: str, unlock: bool = False) -> dict:
        conn.execute("SELECT privacy.request_export('1', 'patient')")
        conn.commit()
        if unlock:
            conn.execute("SELECT governance.unlock(%s)", [MASTER_KEY])
        arguments = ", ".join(["'1'", "'patient'", *extra])
        try:
            return conn.execute(f"SELECT privacy.gdpr_export({arguments})").fetchone()[0]
        finally:
            conn.rollback()

    with saas.connect(DPO) as conn:
        for unlock, why in ((False, "keys locked"), (True, "no decrypt grant")):
            with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState) as refused:
                export(conn, unlock=unlock)
            assert refused.value.diag.message_primary == (
                "privacy.gdpr_export: encrypted fields cannot be exported readable: "
                f"app.dsr_patients.born (key pii: {why}), app.dsr_patients.ssn (key pii: {why})")
            assert "governance.unlock" in refused.value.diag.message_hint
            assert "encrypted => 'mark'" in refused.value.diag.message_hint
        marked = export(conn, "encrypted => 'mark'")
        [row] = marked["tables"]["app.dsr_patients"]["rows"]
        assert (row["ssn"], row["born"]) == ({"encrypted": True, "key": "pii"},) * 2
        assert marked["tables"]["app.dsr_patients"]["encrypted"] == {"born": {"key": "pii", "exported": "marked"},
                                                                 "ssn": {"key": "pii", "exported": "marked"}}
        assert "\\x" not in json.dumps(marked)
    with saas.connect(ADMIN, autocommit=True) as conn:
        conn.execute("SELECT governance.grant_key('pii', %s, ARRAY['decrypt'])", [DPO])
    try:
        with saas.connect(DPO) as conn:
            readable = export(conn, unlock=True)
            [row] = readable["tables"]["app.dsr_patients"]["rows"]
            assert (row["ssn"], row["born"], row["name"]) == ("123-45-6789", "1980-01-02", "Ann")
            assert readable["tables"]["app.dsr_patients"]["encrypted"]["ssn"] == {"key": "pii", "exported": "plaintext"}
            assert "\\x" not in json.dumps(readable)
            with pytest.raises(psycopg.errors.InvalidParameterValue, match="encrypted must be 'refuse' or 'mark'"):
                export(conn, "encrypted => 'raw'", unlock=True)

        # The CLI takes the master key as encrypt-column does; without it, refused or marked.
        file, refused_file = tmp_path / "patient-1.json", tmp_path / "refused.json"
        subject = ("--dsn", saas.dsn(DPO), "--subject-type", "patient", "--key", "1")
        run = cli("export", *subject, "--output", str(file), env=cli_env())
        assert run.returncode == 0, run.stdout + run.stderr
        assert "123-45-6789" in file.read_text() and "\\\\x" not in file.read_text()
        no_key = {k: v for k, v in cli_env().items() if k != "PG_GOVERNANCE_MASTER_KEY"}
        run = cli("export", *subject, "--output", str(refused_file), env=no_key)
        assert run.returncode == 2 and "app.dsr_patients.ssn (key pii: keys locked)" in run.stderr, run.stdout + run.stderr
        assert not refused_file.exists()
        run = cli("export", *subject, "--encrypted", "mark", "--output", "-", env=no_key)
        assert run.returncode == 0 and '"encrypted": true' in run.stdout and "\\\\x" not in run.stdout, run.stderr
    finally:
        with saas.connect(ADMIN, autocommit=True) as conn:
            conn.execute("SELECT governance.revoke_key('pii', %s)", [DPO])


def test_the_dpo_accepts_proposals_and_the_auditor_reads_the_records_of_processing(saas, cli, tmp_path):
    tenant_table(saas, "subscribers")
    with saas.connect(DPO) as conn:
        planned = conn.execute("SELECT column_name::text, action FROM governance.accept_proposals('app', "
                               "tables => ARRAY['app.subscribers'::regclass], dry_run => true)").fetchall()
        assert ("email", "would classify") in planned
        assert conn.execute("SELECT count(*) FROM governance.classifications "
                            "WHERE table_name = 'app.subscribers'::regclass").fetchone()[0] == 0
        done = conn.execute("SELECT column_name::text, action FROM governance.accept_proposals('app', "
                            "tables => ARRAY['app.subscribers'::regclass])").fetchall()
        assert ("email", "classified") in done
        assert conn.execute("SELECT classified_by FROM governance.classifications WHERE table_name = "
                            "'app.subscribers'::regclass AND column_name = 'email'").fetchone()[0] == DPO
    with saas.connect(AUDITOR) as conn:
        [(readers, audited)] = conn.execute("SELECT readers, audited FROM compliance.records_of_processing "
                                            "WHERE table_name = 'subscribers' AND column_name = 'email'").fetchall()
    assert WEB in readers and OWNER in readers and audited is False
    out = tmp_path / "records.csv"
    result = cli("inventory", "--dsn", saas.dsn(AUDITOR), "--format", "csv", "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert any(line.startswith("app,subscribers,email,text,contact,") for line in out.read_text().splitlines())
