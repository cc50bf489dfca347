"""Retention (`pg-governance maintain`) and `pg-governance dump --masked` as the
least-privilege roles of the README: the admin applies retention, the auditor checks it,
a dumping role (governance_dpo, reading the application's tables) writes the masked copy,
which is restored into a fresh database (docs/retention.md, docs/masking.md)."""
from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from conftest import admin_execute, run_cli
from test_least_privilege_roles import ADMIN, AUDITOR, DBA, DPO, OWNER, connect, db, dsn, template  # noqa: F401

DUMPER = "lp_dumper"

EVENTS = f"""
    CREATE TABLE "Shop".events (id int PRIMARY KEY, customer_id int REFERENCES "Shop".customers, at timestamptz NOT NULL,
                                detail text);
    CREATE INDEX ON "Shop".events (at);
    CREATE TABLE "Shop".event_notes (id int PRIMARY KEY, event_id int NOT NULL REFERENCES "Shop".events, note text);
    CREATE INDEX ON "Shop".event_notes (event_id);
    CREATE TABLE "Shop"."event evidence" (id int PRIMARY KEY, event_id int REFERENCES "Shop".events);
    INSERT INTO "Shop".events SELECT g, 1 + g % 2, now() - (CASE WHEN g <= 300 THEN 400 ELSE 10 END) * interval '1 day',
                                     'said: ''; DROP TABLE x; --'
                                FROM generate_series(1, 1000) g;
    INSERT INTO "Shop".event_notes SELECT g, g, 'note' FROM generate_series(1, 1000) g;
    INSERT INTO "Shop"."event evidence" VALUES (1, 7);
    GRANT SELECT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "Shop" TO {DBA};
"""


@pytest.fixture
def events(cluster, db) -> str:  # noqa: F811
    with connect(cluster, db, OWNER) as owner:
        owner.execute(EVENTS)
    with connect(cluster, db, ADMIN) as admin:
        admin.execute("""SELECT governance.classify('"Shop".events', 'detail', 'free_text')""")
        admin.execute("""SELECT privacy.set_erasure_rule('"Shop"."event evidence"', 'retain', 'litigation hold 2026-17')""")
        admin.execute("""SELECT privacy.set_retention('"Shop".events', 'at', '1 year', 'delete', 'support logs: one year')""")
    return db


def cli_as(cluster, db, user: str, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, "--dsn", dsn(cluster, db, user))


def count(conn: psycopg.Connection, table: str) -> int:
    return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def overdue(cluster, db) -> str:
    with connect(cluster, db, AUDITOR) as auditor:
        return auditor.execute("SELECT status FROM compliance.run_checks() WHERE check_id = 'gdpr.retention_overdue'").fetchone()[0]


def test_maintain_applies_retention_children_first_keeping_legal_holds(cluster, events):
    db = events
    assert overdue(cluster, db) == "fail"
    dry = cli_as(cluster, db, ADMIN, "maintain", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert 'retention: "Shop".events: would delete 299 row(s) older than 1 year, 1 held by a child' in dry.stdout
    assert '"Shop".event_notes (via event_notes_event_id_fkey): delete' in dry.stdout
    with connect(cluster, db, OWNER) as owner:
        assert count(owner, '"Shop".events') == 1000, "the dry run changed nothing"

    done = cli_as(cluster, db, ADMIN, "maintain", "--batch-size", "50")
    assert done.returncode == 0, done.stderr
    assert 'retention: "Shop".events: 299 row(s) deleted, 299 in "Shop".event_notes in 6 batch(es)' in done.stdout
    with connect(cluster, db, OWNER) as owner:
        assert count(owner, '"Shop".events') == 701
        assert count(owner, '"Shop".event_notes') == 701
        assert owner.execute('SELECT id FROM "Shop".events WHERE at < now() - interval \'1 year\'').fetchall() == [(7,)]
        assert count(owner, '"Shop"."event evidence"') == 1
    with connect(cluster, db, AUDITOR) as auditor:
        batches = auditor.execute("SELECT (details->>'rows')::int FROM audit.events WHERE event_type = 'retention' "
                                  "ORDER BY id").fetchall()
        assert [b[0] for b in batches] == [50, 50, 50, 50, 50, 49]
    assert overdue(cluster, db) == "pass"
    again = cli_as(cluster, db, ADMIN, "maintain")
    assert 'retention: "Shop".events: 0 row(s) deleted in 1 batch(es)' in again.stdout


def test_a_batch_that_cannot_get_its_locks_is_left_for_the_next_run(cluster, events):
    db = events
    blocker = connect(cluster, db, OWNER)
    blocker.autocommit = False
    blocker.execute('SELECT 1 FROM "Shop".event_notes WHERE event_id = 2 FOR UPDATE')
    try:
        stuck = cli_as(cluster, db, ADMIN, "maintain", "--batch-size", "400", "--lock-timeout", "0.2")
        assert stuck.returncode == 0, stuck.stderr
        assert "the rest is left for the next run" in stuck.stderr
        with connect(cluster, db, OWNER) as owner:
            assert count(owner, '"Shop".events') == 1000, "a batch that timed out changed nothing"
    finally:
        blocker.rollback()
        blocker.close()
    resumed = cli_as(cluster, db, ADMIN, "maintain", "--batch-size", "400")
    assert 'retention: "Shop".events: 299 row(s) deleted' in resumed.stdout


def test_retention_rules_are_checked_and_refused_clearly(cluster, events):
    db = events
    with connect(cluster, db, ADMIN) as admin:
        for call, error in (
                ("""'"Shop".events', 'detail', '1 year', 'delete', 'x'""", psycopg.errors.DatatypeMismatch),
                ("""'"Shop".events', 'at', '1 year', 'shred', 'x'""", psycopg.errors.InvalidParameterValue),
                ("""'"Shop".events', 'at', '1 year', 'delete', ' '""", psycopg.errors.InvalidParameterValue),
                ("""'"Shop".events', 'at', '-1 day', 'delete', 'x'""", psycopg.errors.InvalidParameterValue),
                ("""'"Shop".orders', 'at', '1 year', 'delete', 'x'""", psycopg.errors.UndefinedColumn),
                ("""'privacy.retention_rules', 'set_at', '1 day', 'delete', 'x'""", psycopg.errors.InsufficientPrivilege)):
            with pytest.raises(error):
                admin.execute(f"SELECT privacy.set_retention({call})")
    with connect(cluster, db, DPO) as dpo, pytest.raises(psycopg.errors.InsufficientPrivilege):
        dpo.execute("""SELECT privacy.apply_retention('"Shop".events')""")   # maintain is the admin's
    with connect(cluster, db, AUDITOR) as auditor:
        found = auditor.execute("SELECT status, evidence FROM compliance.run_checks() "
                                "WHERE check_id = 'gdpr.personal_data_without_retention'").fetchone()
        assert found[0] == "pass"
    with connect(cluster, db, ADMIN) as admin:
        admin.execute("""SELECT governance.classify('"Shop".customers', 'email', 'contact')""")
    with connect(cluster, db, AUDITOR) as auditor:
        found = auditor.execute("SELECT status, evidence FROM compliance.run_checks() "
                                "WHERE check_id = 'gdpr.personal_data_without_retention'").fetchone()
        assert found[0] == "warn" and found[1][0]["table_name"] == '"Shop".customers'


def test_anonymizing_retention_resumes_where_it_stopped(cluster, events):
    db = events
    with connect(cluster, db, ADMIN) as admin:
        admin.execute("""SELECT privacy.set_retention('"Shop".events', 'at', '1 year', 'anonymize', 'statistics')""")
        first = admin.execute("""SELECT privacy.apply_retention('"Shop".events', 100)""").fetchone()[0]
        assert (first["rows"], first["done"]) == (300, False), "the batch takes every row of its last timestamp"
        second = admin.execute("""SELECT privacy.apply_retention('"Shop".events', 100)""").fetchone()[0]
        assert (second["rows"], second["done"]) == (0, True)
    with connect(cluster, db, OWNER) as owner:
        assert owner.execute("""SELECT count(*) FILTER (WHERE detail IS NULL), count(*) FROM "Shop".events
                                 WHERE at < now() - interval '1 year'""").fetchone() == (300, 300)
        assert count(owner, '"Shop".event_notes') == 1000


@pytest.fixture
def dumper(cluster, db) -> Iterator[str]:  # noqa: F811
    admin_execute(cluster, f"CREATE ROLE {DUMPER} LOGIN IN ROLE governance_dpo")
    with connect(cluster, db, OWNER) as owner:
        owner.execute("""
            ALTER TABLE "Shop".customers ADD UNIQUE (email);
            CREATE TABLE "Shop".newsletter (email text PRIMARY KEY REFERENCES "Shop".customers (email), since date);
            INSERT INTO "Shop".newsletter VALUES ('ada@example.com', '2024-01-01'), ('bo@example.com', '2024-02-01');
            CREATE TABLE "Shop"."Mixed Case" (id serial PRIMARY KEY, "with space" text);
            INSERT INTO "Shop"."Mixed Case" ("with space") VALUES ('123-45-6789'), ('tab	and \\ backslash');
        """)
        owner.execute(f'GRANT USAGE ON SCHEMA "Shop" TO {DUMPER}; GRANT SELECT ON ALL TABLES IN SCHEMA "Shop" TO {DUMPER};'
                      f'GRANT SELECT ON ALL SEQUENCES IN SCHEMA "Shop" TO {DUMPER}')
    with connect(cluster, db, ADMIN) as admin:
        for table, column, category in (("customers", "id", "direct_identifier"), ("customers", "email", "contact"),
                                        ("customers", "ssn", "financial"), ('"Mixed Case"', "with space", "free_text")):
            admin.execute(f"""SELECT governance.classify('"Shop".{table}', '{column}', '{category}')""")
    yield DUMPER
    with psycopg.connect(cluster.dsn(db), autocommit=True) as su:
        su.execute(f"DROP OWNED BY {DUMPER}")
    admin_execute(cluster, f"DROP ROLE {DUMPER}")


def test_a_masked_dump_restores_with_its_constraints_and_no_clear_value(cluster, db, dumper, tmp_path: Path):
    output = tmp_path / "masked.sql"
    # The server's own pg_dump: the one on PATH may be older than the server under test.
    result = cli_as(cluster, db, dumper, "dump", "--masked", "--schema", "Shop", "--output", str(output),
                    "--pg-dump", str(cluster.bindir / "pg_dump"))
    assert result.returncode == 0, result.stderr
    assert "row(s) masked" in result.stderr and "[####" in result.stderr
    text = output.read_text()
    for clear in ("ada@example.com", "bo@example.com", "123-45-6789"):
        assert clear not in text
    with psycopg.connect(cluster.dsn(db)) as su:
        key = su.execute("SELECT encode(key, 'hex') FROM privacy.masking_key").fetchone()[0]
    assert key not in text and "governance" not in text.replace("pg-governance", "")

    restored = f"{db}_restored"
    admin_execute(cluster, f"CREATE DATABASE {restored}")
    try:
        # ON_ERROR_STOP: the primary keys, unique constraints and foreign keys are created
        # after the rows and check them; any clash stops the restore.
        psql_program = str(cluster.bindir / "psql") if (cluster.bindir / "psql").exists() else "psql"
        psql = subprocess.run([psql_program, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", str(output), cluster.dsn(restored)],
                              capture_output=True, text=True)
        assert psql.returncode == 0, psql.stderr
        with psycopg.connect(cluster.dsn(restored)) as copy:
            assert copy.execute("""SELECT count(*) FROM "Shop".newsletter n JOIN "Shop".customers c USING (email)
                                    JOIN "Shop".orders o ON o.customer_id = c.id""").fetchone()[0] == 2
            emails = [r[0] for r in copy.execute('SELECT email FROM "Shop".customers ORDER BY email')]
            assert len(emails) == 2 and all(e.endswith("@pseudonym.invalid") for e in emails)
            assert copy.execute('SELECT count(*) FROM "Shop"."Mixed Case" WHERE "with space" = \'[redacted]\'').fetchone()[0] == 2
            assert copy.execute("SELECT count(*) FROM pg_namespace WHERE nspname IN ('governance', 'privacy', 'audit')"
                                ).fetchone()[0] == 0
            everything = "\n".join(str(r) for r in copy.execute(
                """SELECT row_to_json(t)::text FROM "Shop".customers t UNION ALL SELECT row_to_json(t)::text FROM "Shop".orders t
                   UNION ALL SELECT row_to_json(t)::text FROM "Shop".newsletter t
                   UNION ALL SELECT row_to_json(t)::text FROM "Shop"."Mixed Case" t"""))
            for clear in ("ada@example.com", "bo@example.com", "123-45-6789"):
                assert clear not in everything
            assert copy.execute("""SELECT nextval('"Shop"."Mixed Case_id_seq"')""").fetchone()[0] == 3
    finally:
        admin_execute(cluster, f"DROP DATABASE {restored} WITH (FORCE)")


def test_dump_without_masked_or_as_a_role_without_the_grants_is_refused(cluster, db, dumper, tmp_path: Path):
    plain = cli_as(cluster, db, dumper, "dump", "--output", str(tmp_path / "x.sql"))
    assert plain.returncode == 2 and "--masked" in plain.stderr
    refused = cli_as(cluster, db, AUDITOR, "dump", "--masked", "--schema", "Shop", "--output", str(tmp_path / "y.sql"))
    assert refused.returncode == 2, refused.stderr
    own = cli_as(cluster, db, dumper, "dump", "--masked", "--schema", "privacy", "--output", str(tmp_path / "z.sql"),
                 "--pg-dump", str(cluster.bindir / "pg_dump"))
    assert own.returncode == 2 and "never dumped" in own.stderr


def test_concurrent_writers_are_not_blocked_by_retention(cluster, events):
    """Writers add rows while maintain deletes: none of them fails or waits for the whole run."""
    db = events
    failures: list[BaseException] = []
    stop = threading.Event()

    def write() -> None:
        with connect(cluster, db, OWNER) as owner:
            next_id = 100000
            while not stop.is_set():
                try:
                    owner.execute('INSERT INTO "Shop".events VALUES (%s, 1, now(), \'new\')', (next_id,))
                    next_id += 1
                except psycopg.Error as exc:
                    failures.append(exc)
                    return

    writer = threading.Thread(target=write)
    writer.start()
    try:
        result = cli_as(cluster, db, ADMIN, "maintain", "--batch-size", "20")
    finally:
        stop.set()
        writer.join()
    assert result.returncode == 0, result.stderr
    assert failures == []
    with connect(cluster, db, OWNER) as owner:
        assert owner.execute("SELECT count(*) FROM \"Shop\".events WHERE at < now() - interval '1 year'").fetchone()[0] == 1
