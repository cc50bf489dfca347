"""Evidence and grants are written only through the pack's functions (issue 15, class 2).

The set-up of test_least_privilege_roles (a non-superuser DBA owns the pack, one login per
governance role) plus a service login granted pg_write_all_data, the predefined role that
may INSERT, UPDATE and DELETE in every table and setval every sequence. Each test is an
attack from that login (or from the pack's owner, against a checkpoint kept outside)
that worked before row-level security guarded the pack's tables.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

import psycopg
import pytest
from conftest import admin_execute, run_cli
from test_least_privilege_roles import ADMIN, AUDITOR, DBA, connect, db, dsn, template  # noqa: F401 (fixtures)

WRITER = "lp_writer"        # a service login: pg_write_all_data and nothing else
ANALYST = "lp_analyst"      # an application login (governance_app)
MASTER_KEY = "evidence writers master key 0123456789abcdef"


@pytest.fixture(scope="module", autouse=True)
def logins(cluster, template) -> Iterator[bool]:
    """Yields whether the server has pg_write_all_data (PostgreSQL 14+); on 13 the writer
    is a plain login, and the attacks that need the predefined role are skipped."""
    with psycopg.connect(cluster.dsn(), autocommit=True) as conn:
        write_all = conn.execute("SELECT current_setting('server_version_num')::int >= 140000").fetchone()[0]
    admin_execute(cluster, f"CREATE ROLE {WRITER} LOGIN" + (" IN ROLE pg_write_all_data" if write_all else ""))
    admin_execute(cluster, f"CREATE ROLE {ANALYST} LOGIN IN ROLE governance_app")
    with psycopg.connect(cluster.dsn(template), autocommit=True) as conn:
        conn.execute(f'GRANT USAGE ON SCHEMA "Shop" TO {ANALYST}')   # to name the dataset
    yield write_all
    with psycopg.connect(cluster.dsn(template), autocommit=True) as conn:
        conn.execute(f'REVOKE USAGE ON SCHEMA "Shop" FROM {ANALYST}')
    for role in (WRITER, ANALYST):
        admin_execute(cluster, f"DROP ROLE {role}")


@pytest.fixture
def writer(logins: bool) -> None:
    if not logins:
        pytest.skip("pg_write_all_data exists from PostgreSQL 14 on")


def refused(conn: psycopg.Connection, statement: str, params: tuple = ()) -> str:
    """Runs an attack that must be refused; returns the server's message."""
    with pytest.raises(psycopg.errors.InsufficientPrivilege) as error:
        conn.execute(statement, params)
    return str(error.value)


def audited_history(cluster, db) -> tuple[int, str]:
    """A sealed trail with a change and an event, and a checkpoint kept outside."""
    with connect(cluster, db, ADMIN) as admin:
        admin.execute("""SELECT audit.enable('"Shop".orders')""")
    with connect(cluster, db, DBA) as dba:
        dba.execute("""UPDATE "Shop".orders SET total = 6.00 WHERE id = 10""")
        dba.execute("SELECT audit.log_event('export', 'download', 'table', 'Shop.orders')")
    with connect(cluster, db, ADMIN) as admin:
        admin.execute("SELECT audit.seal()")
    with connect(cluster, db, AUDITOR) as auditor:
        seq, digest, _ = auditor.execute("SELECT * FROM audit.checkpoint()").fetchone()
        assert auditor.execute("SELECT count(*) FROM audit.verify_chain(NULL, %s, %s)", (seq, digest)).fetchone()[0] == 0
    return seq, digest


def problems(cluster, db, seq: int, digest: str) -> list[tuple[str, str]]:
    with connect(cluster, db, AUDITOR) as auditor:
        return auditor.execute("SELECT kind, detail FROM audit.verify_chain(NULL, %s, %s)", (seq, digest)).fetchall()


def test_planted_present_dated_events_are_refused_and_never_sealed(cluster, db, writer):
    seq, digest = audited_history(cluster, db)
    with connect(cluster, db, WRITER) as writer:
        # What the capture path writes: an event and the queue row that asks the sealer to link it.
        refused(writer, """INSERT INTO audit.events (id, occurred_at, txid, actor, db_user, event_type, success)
                           VALUES (nextval('audit.ids'), now(), 424242, 'alice', 'alice', 'login', true)""")
        refused(writer, "INSERT INTO audit.transactions (first_id, txid, started_at) VALUES (nextval('audit.ids'), 424242, now())")
    with connect(cluster, db, ADMIN) as admin:
        admin.execute("SELECT audit.seal()")
    with connect(cluster, db, AUDITOR) as auditor:
        assert auditor.execute("SELECT count(*) FROM audit.events WHERE txid = 424242").fetchone()[0] == 0
    assert problems(cluster, db, seq, digest) == []


def test_a_back_dated_delete_cannot_be_slipped_into_a_checkpointed_link(cluster, db, writer):
    seq, digest = audited_history(cluster, db)
    with connect(cluster, db, AUDITOR) as auditor:
        first_id, txid = auditor.execute("SELECT first_id, txid FROM audit.chain WHERE seq = %s", (seq,)).fetchone()
    with connect(cluster, db, WRITER) as writer:
        refused(writer, """INSERT INTO audit.statements (id, txid, occurred_at, statement_at, actor, db_user, table_name,
                                                         op, row_count, rows_hash)
                           VALUES (%s, 434343, now() - interval '1 day', now() - interval '1 day', 'bob', 'bob',
                                   '"Shop".orders', 'DELETE', 1, '\\x00')""", (first_id + 1,))
        refused(writer, "INSERT INTO audit.transactions (first_id, txid, started_at) VALUES (%s, 434343, now() - interval '1 day')",
                (first_id - 1,))
        # Nor into the partition behind the view, nor the default partition directly.
        refused(writer, """INSERT INTO audit.statements_default (id, txid, occurred_at, statement_at, actor, db_user, table_name,
                                                                 op, row_count, rows_hash)
                           VALUES (%s, %s, now(), now(), 'bob', 'bob', '"Shop".orders', 'DELETE', 1, '\\x00')""",
                (first_id + 1, txid))
        # Nor change or remove what was sealed: RLS shows the writer no row to touch.
        assert writer.execute("DELETE FROM audit.events").rowcount == 0
        assert writer.execute("UPDATE audit.statements SET actor = DEFAULT").rowcount == 0
    assert problems(cluster, db, seq, digest) == []


def test_a_planted_purge_record_switches_off_no_check(cluster, db, writer):
    seq, digest = audited_history(cluster, db)
    with connect(cluster, db, WRITER) as writer:
        refused(writer, "INSERT INTO audit.purges (before, through_seq, partitions, purged_by) VALUES (now(), %s, '{}', 'x')",
                (seq,))
    # The pack's owner can still write its own tables (it may set audit.maintenance, which
    # lets the append-only triggers through): it rewrites a sealed event and records a purge
    # that would excuse every earlier link. A checkpoint kept outside catches it.
    with connect(cluster, db, DBA) as dba:
        with dba.transaction():
            dba.execute("SELECT set_config('audit.maintenance', txid_current()::text, true)")
            assert dba.execute("UPDATE audit.events SET actor = 'someone else' WHERE event_type = 'export'").rowcount == 1
            dba.execute("INSERT INTO audit.purges (before, through_seq, partitions, purged_by) VALUES (now(), %s, '{}', 'x')",
                        (seq,))
    found = problems(cluster, db, seq, digest)
    assert any(kind == "modified" and f"link {seq}" in detail for kind, detail in found), found
    assert any("purge" in detail for _, detail in found), found


def test_a_minus_infinity_event_is_refused_and_an_unverifiable_chain_fails_the_gate(cluster, db, writer):
    audited_history(cluster, db)
    with connect(cluster, db, WRITER) as writer:
        refused(writer, """INSERT INTO audit.events (id, occurred_at, txid, actor, db_user, event_type, success)
                           VALUES (nextval('audit.ids'), '-infinity', 1, 'x', 'x', 'login', true)""")
    # The owner, who may drop the table's constraints, plants one anyway.
    with connect(cluster, db, DBA) as dba:
        constraints = dba.execute("SELECT conname FROM pg_constraint WHERE conrelid = 'audit.events'::regclass "
                                  "AND contype = 'c'").fetchall()
        for (name,) in constraints:
            dba.execute(f"ALTER TABLE audit.events DROP CONSTRAINT {name}")
        dba.execute("""INSERT INTO audit.events (id, occurred_at, txid, actor, db_user, event_type, success)
                       VALUES (nextval('audit.ids'), '-infinity', 1, 'x', 'x', 'login', true)""")
    with connect(cluster, db, AUDITOR) as auditor:
        kinds = [kind for (kind,) in auditor.execute("SELECT kind FROM audit.verify_chain()")]
        assert kinds, "verify_chain reports the row instead of raising"
        status = auditor.execute("SELECT status FROM compliance.run_checks('soc2') "
                                 "WHERE check_id = 'soc2.audit_chain_broken'").fetchone()[0]
    assert status == "fail"
    result = run_cli("check", "--dsn", dsn(cluster, db, AUDITOR), "--framework", "soc2", "--fail-on", "critical")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "soc2.audit_chain_broken" in result.stderr


def test_pre_inserted_chain_links_cannot_block_the_sealer(cluster, db, writer):
    seq, digest = audited_history(cluster, db)
    with connect(cluster, db, WRITER) as writer:
        refused(writer, """INSERT INTO audit.chain (seq, txid, first_id, last_id, prev_hash, tx_hash, row_count, sealed_at, hash)
                           SELECT s, 1, -s, -s, '\\x', '\\x', 0, now(), '\\x' FROM generate_series(%s + 1, %s + 100) s""",
                (seq, seq))
    with connect(cluster, db, DBA) as dba:
        dba.execute("""UPDATE "Shop".orders SET total = 7.00 WHERE id = 10""")
    with connect(cluster, db, ADMIN) as admin:
        admin.execute("SELECT audit.seal()")
        assert admin.execute("SELECT count(*) FROM audit.waiting").fetchone()[0] == 0, "everything was linked"
        assert admin.execute("SELECT max(seq) FROM audit.chain").fetchone()[0] > seq
    assert problems(cluster, db, seq, digest) == []


def test_rewinding_the_audit_id_sequence_cannot_block_the_sealer(cluster, db, writer):
    """pg_write_all_data may setval every sequence (PostgreSQL grants it UPDATE on them):
    floors drawn again after a rewind must not make the link insert fail."""
    seq, digest = audited_history(cluster, db)
    with connect(cluster, db, WRITER) as writer:
        writer.execute("SELECT setval('audit.ids', 1)")
    with connect(cluster, db, DBA) as dba:
        dba.execute("""UPDATE "Shop".orders SET total = 8.00 WHERE id = 10""")
        dba.execute("SELECT audit.log_event('export', 'download', 'table', 'Shop.orders')")
    with connect(cluster, db, ADMIN) as admin:
        admin.execute("SELECT audit.seal()")
        assert admin.execute("SELECT count(*) FROM audit.waiting").fetchone()[0] == 0, "everything was linked"


def test_rewinding_a_dp_ledger_does_not_return_spent_epsilon(cluster, db, writer):
    with connect(cluster, db, ADMIN) as admin:
        admin.execute("SELECT governance.bind_context(%s, actors => ARRAY['analyst'])", [ANALYST])
        admin.execute("""SELECT privacy.set_budget('analyst', '"Shop".orders', 1.0)""")
        ledger = admin.execute("""SELECT ledger::text FROM privacy.dp_budgets WHERE actor = 'analyst'""").fetchone()[0]
    with connect(cluster, db, ANALYST) as analyst:
        with analyst.transaction():
            analyst.execute("SELECT governance.set_context('analyst')")
            analyst.execute("""SELECT privacy.dp_count('"Shop".orders', 1.0)""")
    with connect(cluster, db, WRITER) as writer:
        writer.execute("SELECT setval(%s, 0, true)", (ledger,))   # pg_write_all_data may setval any sequence
    with connect(cluster, db, ANALYST) as analyst:
        with analyst.transaction():
            analyst.execute("SELECT governance.set_context('analyst')")
            assert analyst.execute("""SELECT privacy.dp_remaining('"Shop".orders')""").fetchone()[0] == 0
            refused(analyst, """SELECT privacy.dp_count('"Shop".orders', 0.5)""")
    with connect(cluster, db, AUDITOR) as auditor:
        status, evidence = auditor.execute("SELECT status, evidence FROM compliance.run_checks('security') "
                                           "WHERE check_id = 'security.dp_ledger_rewound'").fetchone()
    assert status == "fail" and evidence[0]["ledger"] == ledger, evidence


def test_a_self_inserted_key_grant_is_refused(cluster, db, writer):
    with connect(cluster, db, ADMIN) as admin:
        with admin.transaction():
            admin.execute("SELECT governance.unlock(%s)", (MASTER_KEY,))
            admin.execute("SELECT governance.create_key('evidence')")
        key_id = admin.execute("SELECT id FROM governance.keys WHERE name = 'evidence'").fetchone()[0]
    with connect(cluster, db, WRITER) as writer:
        refused(writer, "INSERT INTO governance.key_grants (key_id, grantee, privilege, granted_by) VALUES (%s, %s, 'decrypt', 'x')",
                (key_id, ANALYST))
        assert writer.execute("UPDATE governance.key_grants SET grantee = DEFAULT").rowcount == 0
    with connect(cluster, db, AUDITOR) as auditor:
        assert auditor.execute("SELECT count(*) FROM governance.key_grants").fetchone()[0] == 0


def test_a_planted_waiver_does_not_turn_a_failing_check_into_a_warning(cluster, db, writer):
    with connect(cluster, db, WRITER) as writer:
        refused(writer, """INSERT INTO compliance.waivers (check_id, reason, approved_by, expires_at, created_by)
                           VALUES ('soc2.audit_chain_broken', 'x', 'the CISO', now() + interval '1 year', 'x')""")


def test_a_planted_back_dated_consent_is_refused(cluster, db, writer):
    with connect(cluster, db, ADMIN) as admin:
        admin.execute("SELECT privacy.register_purpose('marketing', 'newsletters', 'consent', 'v1')")
    with connect(cluster, db, WRITER) as writer:
        refused(writer, """INSERT INTO privacy.consent_records (subject_key, purpose, granted, policy_version, recorded_by, recorded_at)
                           VALUES ('1', 'marketing', true, 'v1', 'x', now() - interval '1 year')""")
    with connect(cluster, db, AUDITOR) as auditor:
        assert auditor.execute("SELECT count(*) FROM privacy.consent_records").fetchone()[0] == 0


def test_a_simple_view_does_not_carry_a_write_past_row_security(cluster, db, writer):
    """privacy.open_incidents is a view of one table: PostgreSQL writes through it with the
    view owner's rights, which row security exempts."""
    with connect(cluster, db, WRITER) as writer_conn:
        refused(writer_conn, """INSERT INTO privacy.open_incidents (incident_type, severity, description, detected_at, reported_by,
                                                                    authority_due_at, individuals_due_at)
                                VALUES ('breach', 'low', 'planted', now() - interval '1 year', 'x', now(), now())""")
    with connect(cluster, db, AUDITOR) as auditor:
        assert auditor.execute("SELECT count(*) FROM privacy.incidents").fetchone()[0] == 0


def test_no_table_of_the_pack_is_writable_by_pg_write_all_data(cluster, db, writer):
    """Every table and view of the pack, partitions included: the writer may insert no row
    (row-level security, or a view's refusing trigger, refuses it before any constraint is
    checked) and finds no row to update or delete. (Tables of later releases: test_apply, a table that forgets its
    row security.)"""
    with connect(cluster, db, DBA) as dba:
        tables = [t for (t,) in dba.execute(
            "SELECT c.oid::regclass::text FROM pg_class c WHERE c.relnamespace::regnamespace::text = ANY(governance.pack_schemas()) "
            "AND c.relkind IN ('r', 'p', 'v') ORDER BY 1")]
        counts = {t: dba.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
        first_column = dict(dba.execute(
            "SELECT attrelid::regclass::text, quote_ident(attname) FROM pg_attribute "
            "WHERE attrelid::regclass::text = ANY(%s) AND attnum = 1", (tables,)).fetchall())
    assert len(tables) > 60
    writable = []
    with connect(cluster, db, WRITER) as writer:
        for table in tables:
            try:
                with writer.transaction():
                    writer.execute(f"INSERT INTO {table} DEFAULT VALUES")
                writable.append(f"INSERT {table}")
            except psycopg.errors.InsufficientPrivilege as error:
                if not any(refusal in str(error) for refusal in ("row-level security", "append-only", "written only through")):
                    writable.append(f"INSERT {table}: {error}")
            except (psycopg.errors.FeatureNotSupported, psycopg.errors.ObjectNotInPrerequisiteState) as error:
                if "cannot insert into view" not in str(error):   # a view PostgreSQL cannot write through
                    writable.append(f"INSERT {table}: {error}")
            except psycopg.Error as error:
                writable.append(f"INSERT {table} reached {type(error).__name__}: {error}")
            if counts[table]:
                for statement in (f"UPDATE {table} SET {first_column[table]} = DEFAULT", f"DELETE FROM {table}"):
                    try:
                        with writer.transaction():
                            if writer.execute(statement).rowcount:
                                writable.append(statement)
                    except psycopg.errors.InsufficientPrivilege:
                        pass   # an append-only trigger refused the row it was shown: still refused
                    except (psycopg.errors.FeatureNotSupported, psycopg.errors.ObjectNotInPrerequisiteState) as error:
                        if not re.search(r"cannot (update|delete from) view", str(error)):  # aggregates: no row to write
                            writable.append(f"{statement}: {error}")
                    except psycopg.Error as error:
                        writable.append(f"{statement} reached {type(error).__name__}: {error}")
    assert writable == []
    with connect(cluster, db, DBA) as dba:
        assert {t: dba.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables} == counts


def security_gate(cluster, db, *extra: str):
    return run_cli("check", "--dsn", dsn(cluster, db, AUDITOR), "--framework", "security", "--fail-on", "critical", *extra)


def test_a_skipped_critical_check_fails_the_gate_unless_allowed_by_name(cluster, db):
    """The auditor cannot read pg_hba_file_rules (no managed service grants it): the
    critical security.hba_trust is skipped, which is never a pass."""
    result = security_gate(cluster, db)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "security.hba_trust (needs EXECUTE on pg_catalog.pg_hba_file_rules()" in result.stderr
    assert "GRANT SELECT ON pg_catalog.pg_hba_file_rules TO <role>" in result.stderr
    assert "--allow-skipped security.hba_trust" in result.stderr
    allowed = security_gate(cluster, db, "--allow-skipped", "security.hba_trust")
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    assert security_gate(cluster, db, "--allow-skipped", "security.no_such_check").returncode == 2


def test_the_report_names_the_grant_and_a_waiver_says_once_that_a_check_cannot_run_here(cluster, db, tmp_path):
    report = tmp_path / "report.html"
    assert run_cli("report", "--dsn", dsn(cluster, db, AUDITOR), "--output", str(report)).returncode == 0
    assert f"GRANT SELECT ON pg_catalog.pg_hba_file_rules TO {AUDITOR};" in report.read_text()
    # A managed service never grants pg_hba_file_rules: said once, with a reason and an approver.
    with connect(cluster, db, ADMIN) as admin:
        admin.execute("SELECT compliance.waive('security.hba_trust', 'managed service: no pg_hba_file_rules', "
                      "'the CISO', now() + interval '1 year')")
    result = security_gate(cluster, db)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "accepted by the CISO" in result.stdout


def test_evidence_a_non_owner_could_write_fails_the_check(cluster, db):
    allow = ("--allow-skipped", "security.hba_trust")
    assert security_gate(cluster, db, *allow).returncode == 0
    # The owner opens each door in turn; each one alone fails the gate.
    doors = [("ALTER TABLE audit.events_default DISABLE ROW LEVEL SECURITY",
              "ALTER TABLE audit.events_default ENABLE ROW LEVEL SECURITY"),
             (f"GRANT TRUNCATE ON privacy.consent_records TO {WRITER}",
              f"REVOKE TRUNCATE ON privacy.consent_records FROM {WRITER}"),
             (f"CREATE POLICY planted ON compliance.waivers FOR INSERT TO {WRITER} WITH CHECK (true)",
              "DROP POLICY planted ON compliance.waivers"),
             (f"GRANT USAGE ON SEQUENCE audit.ids TO {WRITER}", f"REVOKE USAGE ON SEQUENCE audit.ids FROM {WRITER}"),
             ("DROP TRIGGER owner_writes_only ON privacy.open_incidents",
              "SELECT governance.owner_writes_only('privacy.open_incidents')")]
    for door, closed in doors:
        with connect(cluster, db, DBA) as dba:
            dba.execute(door)
        result = security_gate(cluster, db, *allow)
        assert result.returncode == 1 and "security.evidence_writable" in result.stderr, (door, result.stdout)
        with connect(cluster, db, DBA) as dba:
            dba.execute(closed)
    assert security_gate(cluster, db, *allow).returncode == 0
    # As the remedy says, apply (with nothing else to do) restores what was turned off.
    with connect(cluster, db, DBA) as dba:
        dba.execute("ALTER TABLE governance.key_grants DISABLE ROW LEVEL SECURITY")
    assert security_gate(cluster, db, *allow).returncode == 1
    assert run_cli("apply", "--dsn", dsn(cluster, db, DBA)).returncode == 0
    assert security_gate(cluster, db, *allow).returncode == 0
