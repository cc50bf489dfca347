"""Reads of PHI and exports of a subject's data leave a record that the reader cannot undo
(issue 15, class 4). Before, privacy.read_phi (purpose or break-glass) and
privacy.gdpr_export logged in the reader's transaction: ROLLBACK or ROLLBACK TO SAVEPOINT
after reading kept the data and erased the log. Now the record is written and committed
first (privacy.request_phi_access, privacy.request_export) and the data is served only
under a committed grant of the same session user and actor.

Attacks run from the least-privilege logins of test_least_privilege_roles (the pack
installed by a DBA that is not a superuser, tables owned by the application's owner)."""
from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from conftest import admin_execute, create_writer_of_everything
from test_least_privilege_roles import ADMIN, AUDITOR, DBA, DPO, OWNER, connect, db, template  # noqa: F401 (fixtures)

APP, WRITER = "lp_clinic_app", "lp_all_data_writer"
VISITS = '"Shop"."Visit Notes"'


@pytest.fixture
def clinic(cluster, db) -> Iterator[str]:
    """A PHI table of the application's owner, registered by the admin; an application login."""
    admin_execute(cluster, f"CREATE ROLE {APP} LOGIN IN ROLE governance_app")
    # pg_write_all_data needs a superuser's grant: the attacker of the forging test.
    create_writer_of_everything(cluster, db, WRITER, "governance_app")
    with connect(cluster, db, OWNER) as owner:
        owner.execute(f"""CREATE TABLE {VISITS} (id int PRIMARY KEY, patient text NOT NULL, diagnosis text);
                          INSERT INTO {VISITS} VALUES (1, 'p1', 'flu'), (2, 'p2', 'fracture'), (3, 'p1', 'asthma');
                          GRANT SELECT ON {VISITS} TO {DBA};
                          GRANT USAGE ON SCHEMA "Shop" TO {APP}, {WRITER}""")
    with connect(cluster, db, ADMIN) as admin:
        # Both pools authenticate their users and name them in set_context (gateways), so
        # that another login can claim the same doctor.
        for pool in (APP, WRITER):
            admin.execute("SELECT governance.allow_any_context(%s)", [pool])
        admin.execute(f"SELECT governance.classify('{VISITS}', 'diagnosis', 'health')")
        admin.execute(f"SELECT privacy.register_phi_table('{VISITS}', 'patient')")
        admin.execute("""SELECT privacy.register_subject('customer', '"Shop".customers', 'id')""")
    yield db
    with psycopg.connect(cluster.dsn(db), autocommit=True) as superuser:
        superuser.execute(f"DROP OWNED BY {APP}, {WRITER}")
    for role in (APP, WRITER):
        admin_execute(cluster, f"DROP ROLE {role}")


def phi_log(cluster, db) -> list[tuple]:
    with connect(cluster, db, AUDITOR) as auditor:
        return auditor.execute("SELECT actor, patient, reason, break_glass, row_count FROM privacy.phi_access_log "
                               "ORDER BY id").fetchall()


def export_events(cluster, db) -> int:
    with connect(cluster, db, AUDITOR) as auditor:
        return auditor.execute("SELECT count(*) FROM audit.events WHERE action = 'gdpr_export'").fetchone()[0]


def undo(conn: psycopg.Connection, how: str, read: str, actor: str | None = "dr-house") -> list[tuple]:
    """Reads inside a transaction, then undoes it as the attacker would; returns what was read."""
    conn.execute("BEGIN")
    if actor:
        conn.execute("SELECT governance.set_context(%s, purpose => 'treatment')", (actor,))
    if how == "savepoint":
        conn.execute("SAVEPOINT hide")
    rows = conn.execute(read).fetchall()
    if how == "savepoint":
        conn.execute("ROLLBACK TO SAVEPOINT hide")
        conn.execute("COMMIT")
    else:
        conn.execute("ROLLBACK")
    return rows


@pytest.mark.parametrize("how", ["rollback", "savepoint"])
@pytest.mark.parametrize("break_glass", [None, "unconscious patient in ER"])
def test_a_phi_read_stays_logged_when_the_reader_undoes_its_transaction(cluster, clinic, how, break_glass):
    with connect(cluster, clinic, APP) as app:
        with app.transaction():
            app.execute("SELECT governance.set_context('dr-house', purpose => 'treatment')")
            grant = app.execute(f"SELECT privacy.request_phi_access('{VISITS}', ARRAY['p1'], %s)",
                                (break_glass,)).fetchone()[0]
        rows = undo(app, how, f"SELECT id, diagnosis FROM privacy.read_phi(NULL::{VISITS}, {grant}) ORDER BY id")
    assert rows == [(1, "flu"), (3, "asthma")], "the grant returns the rows of the patients it logged, only"
    assert phi_log(cluster, clinic) == [("dr-house", "p1", break_glass or "treatment", break_glass is not None, 2)]


def test_phi_is_refused_without_a_committed_log(cluster, clinic):
    with connect(cluster, clinic, APP) as app:
        # The one-step read of the earlier release, which logged in the reader's transaction.
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="read under a committed grant"):
            undo(app, "rollback", f"SELECT * FROM privacy.read_phi(NULL::{VISITS}, ARRAY['p1'], 'curious')")
        app.execute("ROLLBACK")
        # A grant written in the reader's own transaction, or a savepoint of it, is in progress.
        for savepoint in (False, True):
            app.execute("BEGIN")
            app.execute("SELECT governance.set_context('dr-house', purpose => 'treatment')")
            if savepoint:
                app.execute("SAVEPOINT s")
            grant = app.execute(f"SELECT privacy.request_phi_access('{VISITS}', ARRAY['p2'])").fetchone()[0]
            if savepoint:
                app.execute("RELEASE SAVEPOINT s")
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match=f"grant {grant} is not committed"):
                app.execute(f"SELECT * FROM privacy.read_phi(NULL::{VISITS}, {grant})")
            app.execute("ROLLBACK")
        # A grant rolled back is no grant.
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="no committed grant"):
            app.execute(f"SELECT * FROM privacy.read_phi(NULL::{VISITS}, {grant})")
        # Another actor on the same login cannot use a committed grant.
        with app.transaction():
            app.execute("SELECT governance.set_context('dr-house', purpose => 'treatment')")
            grant = app.execute(f"SELECT privacy.request_phi_access('{VISITS}', ARRAY['p2'])").fetchone()[0]
        with app.transaction():
            app.execute("SELECT governance.set_context('mallory', purpose => 'treatment')")
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="made for another user or actor"):
                app.execute(f"SELECT * FROM privacy.read_phi(NULL::{VISITS}, {grant})")
    # Nor once it has expired (the owner, the only role that may, ages it).
    with connect(cluster, clinic, DBA) as owner:
        owner.execute("UPDATE privacy.disclosure_grants SET expires_at = granted_at + interval '1 microsecond' WHERE id = %s",
                      (grant,))
    with connect(cluster, clinic, APP) as app, app.transaction():
        app.execute("SELECT governance.set_context('dr-house', purpose => 'treatment')")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match=f"grant {grant} expired"):
            app.execute(f"SELECT * FROM privacy.read_phi(NULL::{VISITS}, {grant})")
    # Nor another login, even claiming the same actor.
    with connect(cluster, clinic, WRITER) as writer:
        with writer.transaction():
            writer.execute("SELECT governance.set_context('dr-house', purpose => 'treatment')")
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="made for another user or actor"):
                writer.execute(f"SELECT * FROM privacy.read_phi(NULL::{VISITS}, {grant})")
    assert [row[1] for row in phi_log(cluster, clinic)] == ["p2"], "only the committed grant's log row"


def test_a_grant_cannot_be_planted_by_a_role_that_writes_every_table(cluster, clinic):
    with connect(cluster, clinic, WRITER) as writer:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            writer.execute(f"""INSERT INTO privacy.disclosure_grants (kind, expires_at, actor, table_name, log_ids, created_xid)
                               VALUES ('phi_read', now() + interval '1 hour', 'x', '{VISITS}', '{{1}}', '3')""")
        assert writer.execute("UPDATE privacy.disclosure_grants SET expires_at = 'infinity'").rowcount == 0


@pytest.mark.parametrize("how", ["rollback", "savepoint"])
def test_an_export_stays_recorded_when_the_exporter_undoes_its_transaction(cluster, clinic, how):
    with connect(cluster, clinic, DPO) as dpo:
        dpo.execute("SELECT privacy.request_export('1', 'customer')")   # autocommit: recorded
        rows = undo(dpo, how, "SELECT privacy.gdpr_export('1', 'customer')->'tables'", actor=None)
    assert '"Shop".customers' in rows[0][0]
    assert export_events(cluster, clinic) == 1


def test_an_export_is_refused_without_a_committed_record(cluster, clinic):
    with connect(cluster, clinic, DPO) as dpo:
        # Before: the export logged its audit event in the exporter's transaction.
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="no committed grant"):
            undo(dpo, "rollback", "SELECT privacy.gdpr_export('1', 'customer')", actor=None)
        dpo.execute("ROLLBACK")
        for savepoint in (False, True):
            dpo.execute("BEGIN")
            if savepoint:
                dpo.execute("SAVEPOINT s")
            dpo.execute("SELECT privacy.request_export('1', 'customer')")
            if savepoint:
                dpo.execute("RELEASE SAVEPOINT s")
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="is not committed"):
                dpo.execute("SELECT privacy.gdpr_export('1', 'customer')")
            dpo.execute("ROLLBACK")
        # A committed grant is for its subject only.
        dpo.execute("SELECT privacy.request_export('2', 'customer')")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="no committed grant"):
            dpo.execute("SELECT privacy.gdpr_export('1', 'customer')")
        # An access request is an export too: carried out under the subject's committed grant only.
        request = dpo.execute("SELECT privacy.open_request('1', 'access', subject_type => 'customer')").fetchone()[0]
        dpo.execute("SELECT privacy.verify_request(%s, 'id document')", (request,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="no committed grant"):
            dpo.execute("SELECT privacy.process_request(%s)", (request,))
        dpo.execute("SELECT privacy.request_export('1', 'customer')")
        assert dpo.execute("SELECT privacy.process_request(%s)->'subject_found'", (request,)).fetchone()[0] is True
    assert export_events(cluster, clinic) == 2, "the two committed records, not the rolled-back ones"


def test_the_wrappers_and_the_cli_record_before_they_read(cluster, clinic, cli):
    from installer import Governance

    with connect(cluster, clinic, APP) as app:
        app.autocommit = False
        gov = Governance(app)
        rows = gov.read_phi(VISITS, ["p2"], break_glass_reason="cardiac arrest")
        app.rollback()
        assert [row["diagnosis"] for row in rows] == ["fracture"]
        app.execute("SELECT 1")   # inside a transaction: the two steps cannot commit the grant alone
        with pytest.raises(psycopg.ProgrammingError, match="outside a transaction"):
            gov.read_phi(VISITS, ["p2"])
    assert [row[1:4] for row in phi_log(cluster, clinic)] == [("p2", "cardiac arrest", True)]
    dsn = cluster.dsn(clinic).replace("user=postgres", f"user={DPO}")
    result = cli("export", "--dsn", dsn, "--subject-type", "customer", "--key", "1", "--output", "-")
    assert result.returncode == 0, result.stderr
    assert export_events(cluster, clinic) == 1
