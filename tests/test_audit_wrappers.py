"""The audit wrappers call the SQL API; stored values round-trip whatever the input."""
from __future__ import annotations

import datetime

import psycopg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from installer import Governance


def test_audit_round_trips_through_the_wrappers(installed_db):
    with psycopg.connect(installed_db) as conn:
        conn.execute('CREATE TABLE public."Odd Name" (id int PRIMARY KEY, email text, blob text)')
        gov = Governance(conn)
        started = conn.execute("SELECT now() - interval '1 second'").fetchone()[0]
        gov.audit_enable('public."Odd Name"', exclude_columns=["blob"])
        gov.set_context("alice")
        conn.execute("""INSERT INTO public."Odd Name" VALUES (7, 'a@example.com', 'big')""")
        event = gov.log_event("export", "download", "table", 'public."Odd Name"', {"rows": 1}, True, 5)
        assert isinstance(event, int)
        conn.commit()

        assert gov.audit_seal() >= 0
        conn.commit()
        assert gov.audit_seal() == 0, "everything committed is linked already"
        assert gov.verify_chain() == []
        seq, digest, sealed_at = gov.audit_checkpoint()
        assert seq >= 1 and len(digest) == 64 and isinstance(sealed_at, datetime.datetime)
        assert gov.verify_chain(checkpoint_seq=seq, checkpoint_hash=digest) == []
        summary = {(scope, name): total for scope, name, total, *_ in gov.audit_summary(started)}
        assert summary[("table", 'public."Odd Name"')] == 1 and summary[("event_type", "export")] == 1

        assert gov.audit_redact('public."Odd Name"', {"id": 7}, "GDPR Art. 17") == 1
        assert gov.audit_redact('public."Odd Name"', [{"id": 7}], "again") == 0
        gov.audit_refresh('public."Odd Name"')
        assert gov.audit_add_partitions(1) >= 0
        assert gov.audit_disable('public."Odd Name"') is True
        conn.commit()
        assert gov.verify_chain() == []


# PostgreSQL text and jsonb cannot hold NUL characters at all, nor lone surrogates (not
# Unicode text), so none are generated.
json_text = st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=30)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12) | json_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(json_text, inner, max_size=3),
    max_leaves=6)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=60).filter(lambda s: "\x00" not in s), doc=json_values)
def test_stored_values_equal_the_written_values(installed_db, text, doc):
    with psycopg.connect(installed_db) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS public.notes (id serial PRIMARY KEY, body text, doc jsonb)")
        conn.execute("SELECT audit.enable('public.notes')")
        note_id = conn.execute("INSERT INTO public.notes (body, doc) VALUES (%s, %s) RETURNING id",
                               (text, psycopg.types.json.Jsonb(doc))).fetchone()[0]
        conn.commit()
        stored = conn.execute("""SELECT new_values ->> 'body', new_values -> 'doc' FROM audit.changes
                                  WHERE table_name = 'public.notes' AND row_key = jsonb_build_object('id', %s)""",
                              (note_id,)).fetchone()
        assert stored == (text, doc)
        assert conn.execute("SELECT count(*) FROM audit.verify_chain()").fetchone()[0] == 0


def test_maintain_links_what_waits_and_dry_run_changes_nothing(installed_db, cli):
    with psycopg.connect(installed_db) as conn:
        conn.execute("CREATE TABLE public.ledger (id int PRIMARY KEY, amount int)")
        Governance(conn).audit_enable("public.ledger")
        conn.commit()
        conn.execute("SET audit.seal_after = '99999999999'")  # epoch seconds: no sealing at commit, the rows wait
        conn.execute("INSERT INTO public.ledger VALUES (1, 10)")
        conn.commit()
        waiting = conn.execute("SELECT count(*) FROM audit.waiting").fetchone()[0]
        assert waiting >= 1

        dry = cli("maintain", "--dry-run", "--dsn", installed_db)
        assert dry.returncode == 0, dry.stderr
        assert f"{waiting} audit transaction(s) wait for their chain link; nothing was changed" in dry.stdout
        assert conn.execute("SELECT count(*) FROM audit.waiting").fetchone()[0] == waiting

        done = cli("maintain", "--dsn", installed_db)
        assert done.returncode == 0, done.stderr
        assert "link(s) appended to the hash chain" in done.stdout
        assert conn.execute("SELECT count(*) FROM audit.waiting").fetchone()[0] == 0
        assert Governance(conn).verify_chain() == []
