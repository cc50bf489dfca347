"""Definer functions never run code that a less-trusted role planted (issue 15, class 1).

pg-governance's SECURITY DEFINER functions read and write tables named by their callers
with the rights of the pack's owner, and PostgreSQL runs those tables' policies,
triggers, defaults and views' functions as that owner. Each attack below is made from a
least-privilege login of the README's set-up (test_existing_schema_least_privilege's
`saas`): the payload, run as the pack's owner, reads governance.context_key (which only
that owner may read) and records what it read in a sequence, whose value survives the
rollback of the failed call. Each test fails if the door is reopened: the payload's
sequence would move.
"""
from __future__ import annotations

import psycopg
import pytest
from test_existing_schema_least_privilege import ADMIN, AUDITOR, DBA, DPO, MASTER_KEY, OWNER, WEB, Saas, saas  # noqa: F401  (saas is a fixture)

from installer import Governance

# Runs as whoever evaluates the policy or fires the trigger. As the pack's owner it reads
# the context key and stores its length (32) in the marker; as anyone else it fails.
PAYLOAD = """
    CREATE FUNCTION {schema}.payload() RETURNS boolean LANGUAGE plpgsql AS $f$
    BEGIN
        PERFORM pg_catalog.setval('{schema}.marker', (SELECT pg_catalog.length(k.key) FROM governance.context_key k));
        RETURN true;
    END $f$;
    CREATE FUNCTION {schema}.payload_trigger() RETURNS trigger LANGUAGE plpgsql AS $f$
    BEGIN
        PERFORM {schema}.payload();
        RETURN NEW;
    END $f$;
"""


def plant(conn: psycopg.Connection, schema: str, temporary: bool) -> None:
    """A table with a personal-data column, health data and a patient, whose policy runs the payload."""
    temp = "TEMPORARY" if temporary else ""
    conn.execute(f"""
        CREATE {temp} SEQUENCE {schema}.marker;
        {PAYLOAD.format(schema=schema)}
        CREATE {temp} TABLE {schema}.bait (id int PRIMARY KEY, patient text, email text, diagnosis text, age int);
        INSERT INTO {schema}.bait VALUES (1, 'p1', 'ann@example.com', 'flu', 40), (2, 'p2', 'bo@example.com', 'cold', 50);
        ALTER TABLE {schema}.bait ENABLE ROW LEVEL SECURITY;
        CREATE POLICY bait ON {schema}.bait USING ({schema}.payload());
        GRANT SELECT, UPDATE, DELETE ON {schema}.bait TO {DBA};
        GRANT SELECT, UPDATE ON SEQUENCE {schema}.marker TO {DBA};""")
    if not temporary:
        conn.execute(f"GRANT USAGE ON SCHEMA {schema} TO {DBA}")


def marker(conn: psycopg.Connection, schema: str) -> int:
    """What the payload read as the pack's owner: 32 (the key's length) if it ran, else 1."""
    value, called = conn.execute(f"SELECT last_value, is_called FROM {schema}.marker").fetchone()
    return value if called else 0


def refused(conn: psycopg.Connection, call: str, *params) -> psycopg.errors.InsufficientPrivilege:
    with pytest.raises(psycopg.errors.InsufficientPrivilege) as caught:
        conn.execute(call, params or None)
    conn.rollback()
    assert "refusing to run code pg-governance's owner does not trust" in caught.value.diag.message_primary, \
        caught.value.diag.message_primary
    return caught.value


@pytest.fixture
def scratch(saas: Saas):
    """A schema where the DPO may create objects (a sandbox, as many teams give analysts)."""
    with psycopg.connect(saas.cluster.dsn("least_privilege_saas"), autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA scratch AUTHORIZATION {DPO}")
    yield "scratch"
    with psycopg.connect(saas.cluster.dsn("least_privilege_saas"), autocommit=True) as conn:
        conn.execute("DROP SCHEMA scratch CASCADE")
        conn.execute(f"REVOKE {DPO} FROM {DBA}")


def test_a_dpo_temp_table_policy_does_not_run_as_the_pack_owner_in_discover_pii(saas):
    """The critical door: TEMP is PUBLIC, so any login plants a policy in its own pg_temp."""
    with saas.connect(DPO) as dpo:
        plant(dpo, "pg_temp", temporary=True)
        dpo.commit()
        temp_schema = dpo.execute("SELECT nspname FROM pg_namespace WHERE oid = pg_my_temp_schema()").fetchone()[0]
        error = refused(dpo, "SELECT * FROM governance.discover_pii(%s)", temp_schema)
        assert "pg_temp" in error.diag.message_primary and "is temporary" in error.diag.message_primary
        assert marker(dpo, "pg_temp") == 0, "the policy ran as the pack's owner and read the context key"
        # The same table through the other doors the DPO holds.
        dpo.execute("SELECT governance.classify('pg_temp.bait', 'diagnosis', 'health')")
        dpo.commit()
        refused(dpo, "SELECT privacy.register_phi_table('pg_temp.bait', 'patient')")
        refused(dpo, "SELECT privacy.register_subject('bait', 'pg_temp.bait', 'id')")
        refused(dpo, "SELECT privacy.set_budget('dpo', 'pg_temp.bait', 1)")
        assert marker(dpo, "pg_temp") == 0


def test_a_dpo_that_grants_itself_to_the_pack_owner_is_still_not_trusted(saas, scratch):
    """PostgreSQL 14 and older let a role GRANT itself to anyone: the DPO's table then looks
    'owned by a role the pack's owner is a member of'. Membership is not trust."""
    with saas.connect(DPO) as dpo:
        plant(dpo, scratch, temporary=False)
        dpo.execute(f"GRANT USAGE ON SCHEMA {scratch} TO {ADMIN}")
        dpo.commit()
        if dpo.info.server_version < 150000:
            dpo.execute(f"GRANT {DPO} TO {DBA}")   # grantor: the DPO itself
            dpo.commit()
        else:  # 15 took that right away; the same membership, made by someone else
            with psycopg.connect(saas.cluster.dsn("least_privilege_saas"), autocommit=True) as su:
                su.execute(f"GRANT {DPO} TO {DBA}")
        error = refused(dpo, "SELECT * FROM governance.discover_pii('scratch')")
        assert f"scratch.bait is owned by {DPO}" in error.diag.message_primary
        assert "governance.trust_owner" in error.diag.message_hint
        dpo.execute("SELECT governance.classify('scratch.bait', 'diagnosis', 'health')")
        dpo.commit()
        refused(dpo, "SELECT privacy.register_phi_table('scratch.bait', 'patient')")
        refused(dpo, "SELECT privacy.register_subject('bait', 'scratch.bait', 'id')")
        refused(dpo, "SELECT privacy.dp_configure('scratch.bait', 'patient', 1)")
        assert marker(dpo, scratch) == 0, "the policy ran as the pack's owner"
    with saas.connect(ADMIN) as admin:
        admin.execute("SELECT governance.unlock(%s)", [MASTER_KEY])
        refused(admin, "SELECT * FROM governance.encrypt_column('scratch.bait', 'email', 'trust_key')")
    with saas.connect(DPO) as dpo:
        assert marker(dpo, scratch) == 0


def test_registrations_are_checked_again_when_used(saas, scratch):
    """Registrations outlive the checks made when they were written (a role trusted then
    and no longer, an upgrade from a release without the rule, a table whose code changed
    since): read_phi and the DP functions check again at every use."""
    with saas.connect(DPO) as dpo:
        plant(dpo, scratch, temporary=False)
        dpo.execute(f"GRANT USAGE ON SCHEMA {scratch} TO {WEB}")
        dpo.commit()
    with psycopg.connect(saas.cluster.dsn("least_privilege_saas"), autocommit=True) as su:
        su.execute(f"SELECT governance.trust_owner('{DPO}')")
    with saas.connect(DPO) as dpo:
        dpo.execute("SELECT governance.classify('scratch.bait', 'diagnosis', 'health')")
        dpo.execute("SELECT privacy.register_phi_table('scratch.bait', 'patient')")
        dpo.execute("SELECT privacy.set_budget('web', 'scratch.bait', 5)")
        dpo.commit()
    with psycopg.connect(saas.cluster.dsn("least_privilege_saas"), autocommit=True) as su:
        assert su.execute(f"SELECT governance.distrust_owner('{DPO}')").fetchone()[0] is True
    with saas.connect(WEB) as web:
        web.execute("SELECT governance.set_context('web')")
        refused(web, "SELECT privacy.request_phi_access('scratch.bait', break_glass_reason => 'emergency')")
        web.execute("SELECT governance.set_context('web')")
        refused(web, "SELECT privacy.dp_count('scratch.bait', 1.0)")
    with saas.connect(DPO) as dpo:
        assert marker(dpo, scratch) == 0, "read_phi or dp_count ran the table's policy as the pack's owner"
    with psycopg.connect(saas.cluster.dsn("least_privilege_saas"), autocommit=True) as su:
        su.execute("DELETE FROM privacy.phi_tables WHERE table_name = 'scratch.bait'::regclass")


def test_a_trigger_planted_on_a_registered_table_stops_erasure_and_fails_the_check(saas, cli):
    """A role granted TRIGGER on an application table (here the DPO) attaches its own
    function: gdpr_export and gdpr_forget refuse the subject's graph, the compliance check
    names the trigger, and `check` exits non-zero."""
    saas.as_owner(f"""
        CREATE TABLE app.patrons (id int PRIMARY KEY, email text NOT NULL);
        CREATE TABLE app.loans (id int PRIMARY KEY, patron_id int NOT NULL REFERENCES app.patrons, title text);
        CREATE INDEX ON app.loans (patron_id);
        INSERT INTO app.patrons VALUES (1, 'ann@example.com'), (2, 'bo@example.com');
        INSERT INTO app.loans VALUES (10, 1, 'Dune'), (20, 2, 'Emma');
        GRANT TRIGGER ON app.loans TO {DPO};""")
    with saas.connect(DPO) as dpo:
        dpo.execute("SELECT privacy.register_subject('patron', 'app.patrons', 'id')")
        dpo.commit()
    with saas.connect(AUDITOR) as auditor:
        before = auditor.execute("SELECT status, evidence FROM compliance.run_checks() "
                                 "WHERE check_id = 'security.definer_reaches_untrusted_code'").fetchone()
    assert before[0] == "pass", before

    with saas.connect(DPO) as dpo:
        dpo.execute(f"CREATE TEMPORARY SEQUENCE pg_temp.marker; GRANT SELECT, UPDATE ON SEQUENCE pg_temp.marker TO {DBA};"
                    + PAYLOAD.format(schema="pg_temp")
                    + "CREATE TRIGGER spy BEFORE UPDATE OR DELETE ON app.loans "
                      "FOR EACH ROW EXECUTE FUNCTION pg_temp.payload_trigger()")
        dpo.commit()
        for call in ("SELECT privacy.gdpr_export('1', 'patron')", "SELECT privacy.gdpr_forget('1', 'patron')",
                     "SELECT privacy.erasure_plan('1', 'patron')"):
            error = refused(dpo, call)
            assert 'app.loans (trigger spy on table app.loans) calls pg_temp' in error.diag.message_primary.replace(
                '"', ''), error.diag.message_primary
        assert marker(dpo, "pg_temp") == 0, "the trigger ran as the pack's owner"

        with saas.connect(AUDITOR) as auditor:
            status, evidence = auditor.execute(
                "SELECT status, evidence FROM compliance.run_checks() "
                "WHERE check_id = 'security.definer_reaches_untrusted_code'").fetchone()
        assert status == "fail", evidence
        assert {(e["relation"], e["owner"]) for e in evidence} == {("app.loans", DPO)}, evidence
        assert "subject patron" in evidence[0]["registered_as"]
        run = cli("check", "--dsn", saas.dsn(AUDITOR), "--framework", "security")
        assert run.returncode == 1, run.stdout + run.stderr
        assert "definer_reaches_untrusted_code" in run.stdout + run.stderr

    # The session that planted it has ended (pg_temp went with it); the table is clean.
    saas.as_owner(f"REVOKE TRIGGER ON app.loans FROM {DPO}")
    with saas.connect(DPO) as dpo:
        erased = dpo.execute("SELECT privacy.gdpr_forget('1', 'patron')").fetchone()[0]
    assert erased["status"] == "erased"


def test_encrypt_column_fires_the_application_triggers_with_the_keyring_closed(saas):
    """The application owner is trusted, yet its triggers, run as the pack's owner while
    encrypt_column and reencrypt rewrite the table, find the session's keyring empty: no
    master-derived key to read, no value to decrypt."""
    saas.as_owner(f"""
        CREATE TABLE app.cards (id int PRIMARY KEY, number text);
        INSERT INTO app.cards SELECT g, '4111-' || g FROM generate_series(1, 5) g;
        CREATE SEQUENCE app.keyring_seen;
        GRANT SELECT, UPDATE ON SEQUENCE app.keyring_seen TO {DBA};
        CREATE FUNCTION app.peek() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN
            -- 1 + the keyring entries this trigger can see, the largest seen so far.
            PERFORM pg_catalog.setval('app.keyring_seen', GREATEST(
                (SELECT CASE WHEN s.is_called THEN s.last_value ELSE 0 END FROM app.keyring_seen s),
                1 + (SELECT pg_catalog.count(*) FROM pg_temp.governance_unlocked_keys)));
            RETURN NEW;
        END $f$;
        CREATE TRIGGER peek BEFORE UPDATE ON app.cards FOR EACH ROW EXECUTE FUNCTION app.peek();
        GRANT SELECT ON app.cards TO {ADMIN};""")
    with saas.connect(ADMIN) as admin:
        admin.execute("SELECT governance.unlock(%s)", [MASTER_KEY])
        admin.execute("SELECT governance.create_key('cards')")
        admin.execute(f"SELECT governance.grant_key('cards', '{ADMIN}')")
        admin.commit()
        admin.execute("SELECT governance.unlock(%s)", [MASTER_KEY])
        assert admin.execute("SELECT done FROM governance.encrypt_column('app.cards', 'number', 'cards', 2)"
                             ).fetchone()[0] is False
        assert admin.execute("SELECT done FROM governance.encrypt_column('app.cards', 'number', 'cards')"
                             ).fetchone()[0] is True
        # The keyring is back for the rest of the transaction.
        assert admin.execute("SELECT governance.decrypt(number, governance.column_context('app.cards', 'number', '[1]')) "
                             "FROM app.cards WHERE id = 1").fetchone()[0] == "4111-1"
        admin.commit()
        admin.execute("SELECT governance.unlock(%s)", [MASTER_KEY])
        admin.execute("SELECT governance.rotate_key('cards')")
        admin.commit()
        admin.execute("SELECT governance.unlock(%s)", [MASTER_KEY])
        assert admin.execute("SELECT converted FROM governance.reencrypt('app.cards', 'number')").fetchone()[0] == 5
        assert admin.execute("SELECT governance.decrypt(number, governance.column_context('app.cards', 'number', '[5]')) "
                             "FROM app.cards WHERE id = 5").fetchone()[0] == "4111-5"
        admin.commit()
    with saas.connect(OWNER) as owner:
        assert owner.execute("SELECT last_value, is_called FROM app.keyring_seen").fetchone() == (1, True), \
            "the application's trigger ran as the pack's owner with the keyring open"


def test_only_the_pack_owner_decides_whom_it_trusts(saas):
    for login in (ADMIN, DPO):
        with saas.connect(login) as conn:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"SELECT governance.trust_owner('{login}')")
            conn.rollback()
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"INSERT INTO governance.trusted_owners (role_oid, role_name) "
                             f"SELECT oid, rolname FROM pg_roles WHERE rolname = '{login}'")
    with saas.connect(DBA) as dba:
        with pytest.raises(psycopg.errors.InvalidParameterValue):
            dba.execute("SELECT governance.trust_owner('governance_dpo')")
        dba.rollback()
        gov = Governance(dba)
        assert gov.relation_trust_problems(["app.tenants"]) == []
        assert gov.distrust_owner(OWNER) is True
        assert gov.distrust_owner(OWNER) is False
        assert [p["problem"] for p in gov.relation_trust_problems(["app.tenants"])] == [
            f"is owned by {OWNER}, a role pg-governance's owner does not trust"]
        dba.rollback()


def test_read_phi_and_gdpr_export_run_the_tables_policies_with_the_keyring_closed(saas):
    """A session that unlocked keys and then reads PHI or exports a subject: the table's
    (trusted) policy runs as the pack's owner and finds no key in the keyring."""
    saas.as_owner(f"""
        CREATE TABLE app.charts (id int PRIMARY KEY, patient text NOT NULL, note text);
        INSERT INTO app.charts VALUES (1, 'p1', 'flu'), (2, 'p2', 'cold');
        CREATE SEQUENCE app.chart_keyring_seen;
        GRANT SELECT, UPDATE ON SEQUENCE app.chart_keyring_seen TO {DBA};
        CREATE FUNCTION app.chart_visible() RETURNS boolean LANGUAGE plpgsql AS $f$
        BEGIN
            IF pg_catalog.to_regclass('pg_temp.governance_unlocked_keys') IS NOT NULL THEN
                PERFORM pg_catalog.setval('app.chart_keyring_seen', GREATEST(
                    (SELECT CASE WHEN s.is_called THEN s.last_value ELSE 0 END FROM app.chart_keyring_seen s),
                    1 + (SELECT pg_catalog.count(*) FROM pg_temp.governance_unlocked_keys)));
            END IF;
            RETURN true;
        END $f$;
        ALTER TABLE app.charts ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
        CREATE POLICY charts ON app.charts USING (app.chart_visible());""")
    with saas.connect(DPO) as dpo:
        dpo.execute("SELECT governance.classify('app.charts', 'note', 'health')")
        dpo.execute("SELECT privacy.register_phi_table('app.charts', 'patient')")
        dpo.execute("SELECT privacy.register_subject('chart', 'app.charts', 'id')")
        dpo.commit()
        # Both steps of each read (the grant counts the rows, the read returns them) with
        # keys unlocked in the transaction.
        dpo.execute("SELECT governance.unlock(%s)", [MASTER_KEY])
        dpo.execute("SELECT governance.set_context('dpo@example.com', purpose => 'treatment')")
        phi_grant = dpo.execute("SELECT privacy.request_phi_access('app.charts', ARRAY['p1'])").fetchone()[0]
        dpo.execute("SELECT privacy.request_export('2', 'chart')")
        dpo.commit()
        dpo.execute("SELECT governance.unlock(%s)", [MASTER_KEY])
        dpo.execute("SELECT governance.set_context('dpo@example.com', purpose => 'treatment')")
        assert len(dpo.execute("SELECT * FROM privacy.read_phi(NULL::app.charts, %s)", [phi_grant]).fetchall()) == 1
        assert "cold" in str(dpo.execute("SELECT privacy.gdpr_export('2', 'chart')").fetchone()[0])
        dpo.commit()
    with saas.connect(OWNER) as owner:
        seen = owner.execute("SELECT last_value, is_called FROM app.chart_keyring_seen").fetchone()
    assert seen == (1, True), "the table's policy ran as the pack's owner with the keyring open"
