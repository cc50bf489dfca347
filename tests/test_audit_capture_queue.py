"""The capture queue (issue 18): raw records in the writer's transaction, the trail made by the sealer.

Statements write raw records (audit.pending; the rows of statements of several rows typed
into per-shape shadow tables) and audit.materialize, run by every sealer, turns them into
audit.changes. Each test leaves records waiting (a "lazy" session never seals at its
commit) and checks what the trail shows once sealed: schema changes between capture and
sealing, restricted values, the context, a crash, and the queue as evidence that only
the pack's functions write (concurrent writers: test_audit_concurrency.py).
"""
from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from conftest import admin_execute, quiet

from installer.engine.migrate import apply
from installer.engine.throwaway import ThrowawayCluster

SSN = "123-45-6789"
APP_LOGIN = "cq_app"


def lazy(conn: psycopg.Connection) -> psycopg.Connection:
    """This session's commits leave sealing to audit.seal() (it is due again in some 30000 years)."""
    conn.execute("SET audit.seal_after = '1e12'")
    conn.commit()
    return conn


def seal(dsn: str) -> None:
    with psycopg.connect(dsn) as conn:
        conn.execute("SELECT audit.seal()")


def intact(dsn: str) -> list[tuple]:
    with psycopg.connect(dsn) as conn:
        conn.execute("SET audit.seal_delay = '0'")  # every committed record must be linked by now
        return conn.execute("SELECT kind, detail FROM audit.verify_chain()").fetchall()


def changes(dsn: str, where: str = "true") -> list[tuple]:
    with psycopg.connect(dsn) as conn:
        return conn.execute(f"SELECT op, row_key, old_values, new_values, changed_columns FROM audit.changes "
                            f"WHERE table_name = 'public.people' AND {where} ORDER BY id").fetchall()


@pytest.fixture
def people(installed_db: str) -> str:
    with psycopg.connect(installed_db) as conn:
        conn.execute("CREATE TABLE public.people (id int PRIMARY KEY, name text, ssn text, city text, born date)")
        conn.execute("SELECT governance.classify('public.people', 'ssn', 'direct_identifier', 'restricted')")
        conn.execute("SELECT audit.enable('public.people')")
    seal(installed_db)
    return installed_db


def capture_before(dsn: str) -> None:
    """One-row and multi-row statements of each kind, committed and left unsealed."""
    with lazy(psycopg.connect(dsn)) as conn:
        conn.execute("INSERT INTO public.people VALUES (1, 'Ann', NULL, 'Oslo', '1990-01-01')")
        conn.execute("INSERT INTO public.people VALUES (2, 'Bob', NULL, 'Rome', '1991-02-02'), "
                     "(3, 'Cy', NULL, 'Graz', '1992-03-03'), (4, 'Di', NULL, 'Kyiv', '1993-04-04')")
        conn.execute("UPDATE public.people SET city = 'Bergen' WHERE id = 1")
        conn.execute("UPDATE public.people SET city = city || '!' WHERE id IN (2, 3)")
        conn.execute("DELETE FROM public.people WHERE id = 4")
        conn.commit()
        assert conn.execute("SELECT count(*) FROM audit.pending").fetchone()[0] == 5, "waiting for the sealer"


SCHEMA_CHANGES = {
    "add": ["ALTER TABLE public.people ADD COLUMN note text DEFAULT 'n'"],
    "drop": ["ALTER TABLE public.people DROP COLUMN city"],
    "rename": ["ALTER TABLE public.people RENAME COLUMN city TO town"],
    "retype": ["ALTER TABLE public.people ALTER COLUMN born TYPE text USING to_char(born, 'DD.MM.YYYY')"],
    # The same number and types of columns, other names: positions alone would misfile.
    "swap": ["ALTER TABLE public.people DROP COLUMN city", "ALTER TABLE public.people ADD COLUMN town text"],
}


@pytest.mark.parametrize("change", SCHEMA_CHANGES)
def test_a_schema_change_between_capture_and_sealing(people, change):
    capture_before(people)
    with psycopg.connect(people) as conn:
        for statement in SCHEMA_CHANGES[change]:
            conn.execute(statement)
    # The application's writes go on, one row and several, before any seal.
    with lazy(psycopg.connect(people)) as conn:
        conn.execute("INSERT INTO public.people (id, name) VALUES (5, 'Eve')")
        conn.execute("INSERT INTO public.people (id, name) VALUES (6, 'Fay'), (7, 'Gus')")
        conn.execute("UPDATE public.people SET name = name || '.' WHERE id IN (5, 6, 7)")
        conn.execute("UPDATE public.people SET name = 'Ann B' WHERE id = 1")
        conn.commit()
    seal(people)
    assert intact(people) == []

    trail = changes(people)
    assert [op for op, *_ in trail].count("INSERT") == 7 and [op for op, *_ in trail].count("UPDATE") == 7
    # Captured before the change: the names and values they had.
    assert trail[0][3] == {"id": 1, "name": "Ann", "ssn": None, "city": "Oslo", "born": "1990-01-01"}
    assert trail[1][3]["city"] == "Rome" and trail[3][3]["city"] == "Kyiv"
    assert (trail[4][2], trail[4][3], trail[4][4]) == ({"city": "Oslo"}, {"city": "Bergen"}, ["city"])
    assert [(t[1], t[2], t[3]) for t in trail[5:7]] == [({"id": 2}, {"city": "Rome"}, {"city": "Rome!"}),
                                                       ({"id": 3}, {"city": "Graz"}, {"city": "Graz!"})]
    assert trail[7][0] == "DELETE" and trail[7][2]["city"] == "Kyiv"
    # Captured after it: the new shape, never an old name for a new column.
    after = {tuple(sorted(t[3])) for t in trail[8:11]}
    expected = {"add": ("born", "city", "id", "name", "note", "ssn"), "drop": ("born", "id", "name", "ssn"),
                "rename": ("born", "id", "name", "ssn", "town"), "retype": ("born", "city", "id", "name", "ssn"),
                "swap": ("born", "id", "name", "ssn", "town")}[change]
    assert after == {expected}
    if change == "retype":
        assert trail[8][3]["born"] is None and changes(people, "row_key = '{\"id\": 1}' AND op = 'UPDATE'")[-1][2] \
            == {"name": "Ann"}
    if change == "swap":
        assert all(t[3]["town"] is None for t in trail[8:11]), "the new column holds no value of the dropped one"
    assert [t[2:] for t in trail[11:]] == [({"name": "Eve"}, {"name": "Eve."}, ["name"]),
                                          ({"name": "Fay"}, {"name": "Fay."}, ["name"]),
                                          ({"name": "Gus"}, {"name": "Gus."}, ["name"]),
                                          ({"name": "Ann"}, {"name": "Ann B"}, ["name"])]


def test_a_table_dropped_before_sealing_keeps_its_changes(people):
    capture_before(people)
    with psycopg.connect(people) as conn:
        conn.execute("DROP TABLE public.people")
    seal(people)
    assert len(changes(people)) == 8 and intact(people) == []


def test_restricted_values_never_reach_the_queue(people):
    with lazy(psycopg.connect(people)) as conn:
        conn.execute("INSERT INTO public.people (id, name, ssn) VALUES (1, 'Ann', %s)", (SSN,))
        conn.execute("INSERT INTO public.people (id, name, ssn) VALUES (2, 'Bob', %s), (3, 'Cy', %s)", (SSN, SSN))
        conn.execute("UPDATE public.people SET ssn = %s || '0' WHERE id IN (1, 2)", (SSN,))
        conn.execute("UPDATE public.people SET ssn = %s WHERE id = 3", (SSN + "1",))
        # In the writer's own transaction and after its commit alike.
        for _ in range(2):
            queue = conn.execute("SELECT string_agg(p::text, ' ') FROM audit.pending p").fetchone()[0]
            shadows = [row[0] for row in conn.execute("SELECT shadow::text FROM audit.shapes")]
            assert shadows, "the statements of several rows went to a shadow table"
            held = queue + " ".join(conn.execute(f"SELECT coalesce(string_agg(r::text, ' '), '') FROM {shadow} r")
                                    .fetchone()[0] for shadow in shadows)
            assert "hmac-sha256:" in held and SSN not in held
            conn.commit()
    seal(people)
    stored = " ".join(str(row) for row in changes(people))
    assert SSN not in stored and stored.count("hmac-sha256:") >= 7


@pytest.fixture
def app_login(cluster, people) -> Iterator[str]:
    admin_execute(cluster, f"CREATE ROLE {APP_LOGIN} LOGIN IN ROLE governance_app")
    with psycopg.connect(people) as conn:
        conn.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON public.people TO {APP_LOGIN}")
    yield people.replace("user=postgres", f"user={APP_LOGIN}")
    with psycopg.connect(people) as conn:
        conn.execute(f"DROP OWNED BY {APP_LOGIN}")  # its grants, whatever a failed test left
    admin_execute(cluster, f"DROP ROLE {APP_LOGIN}")


def test_the_context_is_fixed_at_capture_and_a_forged_one_refuses_the_write(people, app_login):
    with lazy(psycopg.connect(app_login)) as conn:
        # No context: the login is the actor, there is no tenant.
        conn.execute("INSERT INTO public.people (id, name) VALUES (1, 'Ann')")
        conn.commit()
        # A context set by hand, without set_context's seal: the write is refused, nothing is captured.
        for forged in ("SELECT set_config('governance.actor', 'mallory', true)",
                       "SELECT set_config('governance.actor', 'mallory', true), "
                       "set_config('governance.context_seal', repeat('0', 64), true)"):
            conn.execute(forged)
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="outside governance.set_context"):
                conn.execute("INSERT INTO public.people (id, name) VALUES (2, 'Mal'), (3, 'Lory')")
            conn.rollback()
            conn.execute(forged)
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("UPDATE public.people SET name = 'forged' WHERE id = 1")
            conn.rollback()
        # A context set after the statement does not rewrite who made it.
        conn.execute("UPDATE public.people SET name = 'Ann B' WHERE id = 1")
        conn.execute(f"SELECT governance.set_context('{APP_LOGIN}', NULL)")
        conn.commit()
    seal(people)
    with psycopg.connect(people) as conn:
        trail = conn.execute("SELECT op, actor, db_user, tenant, row_key FROM audit.changes "
                             "WHERE table_name = 'public.people' ORDER BY id").fetchall()
    assert trail == [("INSERT", APP_LOGIN, APP_LOGIN, None, {"id": 1}), ("UPDATE", APP_LOGIN, APP_LOGIN, None, {"id": 1})]
    assert intact(people) == []


def test_records_committed_before_a_crash_are_sealed_after_it():
    # Commits reach the WAL before they return (the throwaway default defers them): a
    # crash keeps every committed transaction, the application's rows and their records.
    with ThrowawayCluster(settings={"synchronous_commit": "on"}) as server:
        dsn = server.dsn()
        with psycopg.connect(dsn) as conn:
            apply(conn, report=quiet)
        with psycopg.connect(dsn) as conn:
            conn.execute("CREATE TABLE public.people (id int PRIMARY KEY, name text)")
            conn.execute("SELECT audit.enable('public.people')")
        seal(dsn)
        with lazy(psycopg.connect(dsn)) as conn:
            conn.execute("INSERT INTO public.people VALUES (1, 'Ann')")
            conn.execute("INSERT INTO public.people VALUES (2, 'Bob'), (3, 'Cy')")
            conn.commit()
            conn.execute("UPDATE public.people SET name = name || '!'")
            conn.commit()
        server.crash_and_restart()
        with psycopg.connect(dsn) as conn:
            assert conn.execute("SELECT count(*) FROM public.people").fetchone()[0] == 3
            assert conn.execute("SELECT count(*) FROM audit.waiting").fetchone()[0] == 2, "nothing lost"
        seal(dsn)
        with psycopg.connect(dsn) as conn:
            trail = conn.execute("SELECT op, row_key ->> 'id' FROM audit.changes ORDER BY id").fetchall()
            assert trail == [("INSERT", "1"), ("INSERT", "2"), ("INSERT", "3"),
                             ("UPDATE", "1"), ("UPDATE", "2"), ("UPDATE", "3")]
            assert conn.execute("SELECT count(*) FROM audit.waiting").fetchone()[0] == 0
        assert intact(dsn) == []


def test_the_queue_is_written_by_the_pack_only(cluster, people, app_login):
    with lazy(psycopg.connect(people)) as conn:
        conn.execute("INSERT INTO public.people (id, name) VALUES (1, 'Ann'), (2, 'Bob')")
        conn.commit()
        shadow = conn.execute("SELECT shadow::text FROM audit.shapes").fetchone()[0]
        conn.execute(f"GRANT INSERT, UPDATE, DELETE ON audit.pending, {shadow} TO {APP_LOGIN}")  # a grant by mistake
        conn.commit()
    with psycopg.connect(app_login, autocommit=True) as app:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            app.execute("""INSERT INTO audit.pending (id, txid, occurred_at, statement_at, actor, db_user, relid,
                                                      table_name, op, key_columns, row_count)
                           VALUES (nextval('audit.ids'), 1, now(), now(), 'x', 'x', 1, 'public.people', 'DELETE', '{}', 1)""")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            app.execute(f"INSERT INTO {shadow} (statement_id, id, is_old) VALUES (1, 1, true)")
        assert app.execute("DELETE FROM audit.pending").rowcount == 0, "row security shows no row to delete"
        assert app.execute(f"UPDATE {shadow} SET c2 = 'forged'").rowcount == 0
    with psycopg.connect(people) as conn:
        found = conn.execute("""SELECT r.evidence FROM compliance.checks c, compliance.run_check(c) r
                                 WHERE c.id = 'security.evidence_writable'""").fetchone()[0]
        assert "audit.pending" in str(found) and shadow in str(found), "the check names the mistaken grants"
        conn.execute(f"REVOKE INSERT, UPDATE, DELETE ON audit.pending, {shadow} FROM {APP_LOGIN}")
        conn.commit()
        found = conn.execute("""SELECT r.evidence FROM compliance.checks c, compliance.run_check(c) r
                                 WHERE c.id = 'security.evidence_writable'""").fetchone()[0]
        assert "audit.pending" not in str(found) and shadow not in str(found)
    seal(people)
    assert [t[1] for t in changes(people)] == [{"id": 1}, {"id": 2}] and intact(people) == []


def test_a_sealer_skips_records_a_redaction_is_taking_and_never_waits(people):
    with lazy(psycopg.connect(people)) as conn:
        conn.execute("INSERT INTO public.people (id, name) VALUES (1, 'Ann')")
        conn.execute("INSERT INTO public.people (id, name) VALUES (2, 'Bob'), (3, 'Cy')")
        conn.commit()
    with psycopg.connect(people) as redactor, psycopg.connect(people) as sealer:
        # The redaction turns the waiting records into the trail first, in its own transaction.
        assert redactor.execute("SELECT audit.redact('public.people', '{\"id\": 2}', 'GDPR Art. 17')").fetchone()[0] == 1
        sealer.execute("SET lock_timeout = '2s'")
        sealer.execute("SELECT audit.seal()")  # the records are the redaction's: skipped, not waited for
        sealer.commit()
        redactor.commit()
    seal(people)
    trail = changes(people)
    assert [t[1] for t in trail] == [{"id": 1}, {"id": 2}, {"id": 3}], "each change once"
    assert trail[1][3] == {"id": None, "name": None, "ssn": None, "city": None, "born": None}, "redacted"
    assert intact(people) == []


@pytest.mark.parametrize("rows", [1, 2])
def test_a_restricted_column_renamed_before_refresh_is_never_stored_in_clear(people, rows):
    """audit.refresh names the restricted columns; a migration that renames one (or the
    column kept out of the trail) before the next refresh hashes every value but the key."""
    with psycopg.connect(people) as conn:
        conn.execute("ALTER TABLE public.people ADD COLUMN notes text")
        conn.execute("SELECT audit.enable('public.people', ARRAY['notes'])")
        conn.execute("INSERT INTO public.people (id, name, ssn, notes) VALUES (1, 'Ann', %s, 'private'), "
                     "(2, 'Bob', %s, 'private')", (SSN, SSN))
        conn.execute("ALTER TABLE public.people RENAME COLUMN ssn TO national_id")
        conn.execute("ALTER TABLE public.people RENAME COLUMN notes TO remarks")
        where = "id = 1" if rows == 1 else "true"
        conn.execute(f"UPDATE public.people SET national_id = %s, remarks = 'secret', city = 'Oslo' WHERE {where}",
                     (SSN + "9",))
        conn.commit()
    seal(people)
    updates = changes(people, "op = 'UPDATE'")
    assert len(updates) == rows
    for _op, key, old, new, changed in updates:
        assert key in ({"id": 1}, {"id": 2}) and sorted(changed) == ["city", "national_id", "remarks"]
        for values in (old, new):
            assert all(v is None or v.startswith("hmac-sha256:") for k, v in values.items() if k != "id"), values
    stored = " ".join(str(row) for row in changes(people))
    assert SSN not in stored and "secret" not in stored and "private" not in stored and "Oslo" not in stored
