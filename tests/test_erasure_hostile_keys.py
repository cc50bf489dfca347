"""Any subject key, however hostile, is a value: export finds exactly its rows, forget erases exactly them."""
from __future__ import annotations

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from installer import Governance

SCHEMA = """
CREATE SCHEMA "we""ird";
CREATE TABLE "we""ird"."Mixed Case" ("user key" text PRIMARY KEY, "e-mail" text);
CREATE TABLE "we""ird"."with space" (id serial PRIMARY KEY,
                                      "user key" text NOT NULL REFERENCES "we""ird"."Mixed Case");
CREATE INDEX ON "we""ird"."with space" ("user key");
SELECT privacy.register_subject('member', '"we""ird"."Mixed Case"', 'user key');
INSERT INTO "we""ird"."Mixed Case" VALUES ('bystander', 'b@example.com'), ('%', 'p@example.com'), ('', 'e@example.com');
INSERT INTO "we""ird"."with space" ("user key") VALUES ('bystander'), ('%'), ('');
"""

keys = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40),
    st.sampled_from(["'; DROP TABLE \"we\"\"ird\".\"Mixed Case\"; --", "$1", "%s", "\\", "' OR '1'='1", "$$", "%I"]),
).filter(lambda k: k not in ("bystander", "%", ""))


@pytest.fixture
def member_db(installed_db):
    with psycopg.connect(installed_db) as conn:
        conn.execute(SCHEMA)
    return installed_db


# Each example runs in a transaction that is rolled back, so sharing the database is safe.
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=keys)
def test_hostile_keys_are_values(member_db, key):
    with psycopg.connect(member_db) as conn:
        try:
            conn.execute("""INSERT INTO "we""ird"."Mixed Case" VALUES (%s, 'x@example.com')""", (key,))
            conn.execute("""INSERT INTO "we""ird"."with space" ("user key") VALUES (%s), (%s)""", (key, key))
            gov = Governance(conn)
            exported = gov.gdpr_export(key, "member")["tables"]
            assert [row["user key"] for row in exported['"we""ird"."with space"']["rows"]] == [key, key]
            assert exported['"we""ird"."Mixed Case"']["rows"] == [{"user key": key, "e-mail": "x@example.com"}]
            assert gov.gdpr_forget(key, "member")["rows_erased"] == 3
            remaining = conn.execute("""SELECT array_agg("user key" ORDER BY "user key") FROM "we""ird"."with space" """
                                     ).fetchone()[0]
            assert remaining == ["", "%", "bystander"]
        finally:
            conn.rollback()
