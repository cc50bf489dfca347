"""Any subject key, however hostile, is a value: export finds exactly its rows, forget erases exactly them."""
from __future__ import annotations

import psycopg
import pytest
from hypothesis import HealthCheck, example, given, settings
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
SELECT privacy.register_purpose('newsletter', 'monthly newsletter', 'consent', 'v1');
SELECT privacy.record_consent('bystander', 'newsletter', true);
SELECT lineage.register_model('churn', 'XGBoost');
SELECT lineage.log_prediction(lineage.register_model_version('churn', '1.0'), 'sha256:b', '{}', 'bystander');
"""

keys = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40),
    st.sampled_from(["'; DROP TABLE \"we\"\"ird\".\"Mixed Case\"; --", "$1", "%s", "\\", "' OR '1'='1", "$$", "%I"]),
).filter(lambda k: k not in ("%", "") and k.strip().lower() != "bystander")  # one subject with the bystander


@pytest.fixture
def member_db(installed_db):
    with psycopg.connect(installed_db) as conn:
        conn.execute(SCHEMA)
    return installed_db


# Each example runs in a transaction that is rolled back, so sharing the database is safe.
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=keys)
@example(key=" ")    # blank: a valid key here, refused by the consent functions
@example(key="\t")
@example(key="\u3000Mixed")  # the consent functions store it as 'mixed', erasure still finds it
def test_hostile_keys_are_values(member_db, key):
    with psycopg.connect(member_db) as conn:
        try:
            conn.execute("""INSERT INTO "we""ird"."Mixed Case" VALUES (%s, 'x@example.com')""", (key,))
            conn.execute("""INSERT INTO "we""ird"."with space" ("user key") VALUES (%s), (%s)""", (key, key))
            gov = Governance(conn)
            # Consent and a prediction about the subject, where those functions accept the key.
            if conn.execute("SELECT governance.subject_key(%s) <> ''", (key,)).fetchone()[0]:
                gov.record_consent(key, "newsletter", True)
            gov.log_prediction(conn.execute("SELECT max(id) FROM lineage.model_versions").fetchone()[0],
                               "sha256:k", {}, subject_key=key)
            # The export's record would commit first (the wrapper does); this example's
            # transaction is rolled back, so the helper stands in for that commit.
            conn.execute("SELECT privacy.request_export(%s, 'member')", (key,))
            conn.execute("SELECT tests.as_if_committed()")
            exported = conn.execute("SELECT privacy.gdpr_export(%s, 'member')->'tables'", (key,)).fetchone()[0]
            assert [row["user key"] for row in exported['"we""ird"."with space"']["rows"]] == [key, key]
            assert exported['"we""ird"."Mixed Case"']["rows"] == [{"user key": key, "e-mail": "x@example.com"}]
            assert gov.gdpr_forget(key, "member")["rows_erased"] == 3
            remaining = conn.execute("""SELECT array_agg("user key" ORDER BY "user key") FROM "we""ird"."with space" """
                                     ).fetchone()[0]
            assert remaining == ["", "%", "bystander"]
            named = conn.execute("SELECT subject_key FROM privacy.consent_records WHERE subject_key !~ '^erased:' "
                                 "UNION ALL SELECT subject_key FROM lineage.predictions WHERE subject_key IS NOT NULL"
                                 ).fetchall()
            assert named == [("bystander",), ("bystander",)], "the key's consent and prediction no longer name it"
        finally:
            conn.rollback()


def test_an_empty_key_is_a_key_like_any_other(member_db):
    # Lineage and the consent functions never store an empty key; the erasure skips them
    # rather than failing on their refusal of it.
    with psycopg.connect(member_db) as conn:
        gov = Governance(conn)
        assert gov.erasure_plan("", "member")["subject_found"] is True
        assert gov.gdpr_forget("", "member")["rows_erased"] == 2
        remaining = conn.execute("""SELECT array_agg("user key" ORDER BY "user key") FROM "we""ird"."with space" """
                                 ).fetchone()[0]
        assert remaining == ["%", "bystander"]
