"""Dynamic masking as the README sets the pack up: installed by a DBA that is not a
superuser, tables owned by the application's owner, the admin and DPO classifying and
granting, and a masked reader (an analyst's login) trying every path to a clear value
(docs/masking.md). Each attack must return nothing clear; each test fails if its path
is reopened."""
from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from conftest import admin_execute, run_cli
from test_least_privilege_roles import ADMIN, AUDITOR, DPO, OWNER, connect, db, dsn, template  # noqa: F401 (fixtures)

ANALYST = "lp_analyst"
CLEAR = ("ada@example.com", "bo@example.com", "123-45-6789")


@pytest.fixture
def analyst(cluster, db) -> Iterator[str]:  # noqa: F811 (db is the imported fixture)
    """A login of the application's analysts, with no privilege on the tables, reading
    "Shop".customers through its masked view; email is contact, ssn financial."""
    admin_execute(cluster, f"CREATE ROLE {ANALYST} LOGIN")
    with connect(cluster, db, ADMIN) as admin:
        admin.execute("""SELECT governance.classify('"Shop".customers', 'email', 'contact')""")
        admin.execute("""SELECT governance.classify('"Shop".customers', 'ssn', 'financial', 'restricted')""")
    with connect(cluster, db, DPO) as dpo:
        dpo.execute(f"""SELECT privacy.grant_masked('"Shop".customers', '{ANALYST}')""")
    yield ANALYST
    with psycopg.connect(cluster.dsn(db), autocommit=True) as su:
        su.execute(f"DROP OWNED BY {ANALYST}")
    admin_execute(cluster, f"DROP ROLE {ANALYST}")


def rows(conn: psycopg.Connection, query: str) -> list[tuple]:
    return conn.execute(query).fetchall()


def assert_nothing_clear(text: str) -> None:
    for value in CLEAR:
        assert value not in text


def test_the_masked_view_shows_masked_values_and_the_table_nothing(cluster, db, analyst):
    with connect(cluster, db, analyst) as conn:
        assert rows(conn, 'SELECT id, email, ssn FROM "Shop_masked".customers ORDER BY id') == [
            (1, "a***@example.com", "*******6789"), (2, "b***@example.com", None)]
        for attack in ('SELECT email FROM "Shop".customers', 'COPY "Shop".customers TO STDOUT',
                       'SELECT email FROM "Shop".orders JOIN "Shop".customers c ON c.id = customer_id'):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(attack)
        with conn.cursor().copy('COPY (SELECT * FROM "Shop_masked".customers) TO STDOUT') as copy:
            copied = b"".join(bytes(chunk) for chunk in copy).decode()
        assert "a***@example.com" in copied
        assert_nothing_clear(copied)


def test_a_leaky_function_in_where_sees_only_masked_values(cluster, db, analyst):
    notices: list[str] = []
    with connect(cluster, db, analyst) as conn:
        conn.add_notice_handler(lambda diag: notices.append(diag.message_primary or ""))
        conn.execute("""CREATE FUNCTION pg_temp.leak(v text) RETURNS boolean LANGUAGE plpgsql COST 0.0000001 AS
                        $$ BEGIN RAISE NOTICE 'seen: %', v; RETURN true; END $$""")
        conn.execute('SELECT 1 FROM "Shop_masked".customers WHERE pg_temp.leak(email) AND pg_temp.leak(ssn)')
        assert rows(conn, """SELECT count(*) FROM "Shop_masked".customers WHERE email = 'ada@example.com'""") == [(0,)]
    assert any("a***@example.com" in n for n in notices)
    assert_nothing_clear("\n".join(notices))


def test_errors_and_explain_analyze_show_no_clear_value(cluster, db, analyst):
    with connect(cluster, db, analyst) as conn:
        for attack in ('SELECT email::int FROM "Shop_masked".customers',
                       'SELECT ssn::numeric FROM "Shop_masked".customers',
                       'SELECT pg_catalog.to_date(email, \'YYYY\') FROM "Shop_masked".customers'):
            with pytest.raises(psycopg.DataError) as failed:
                conn.execute(attack)
            assert_nothing_clear(str(failed.value))
        plan = "\n".join(r[0] for r in rows(
            conn, """EXPLAIN (ANALYZE, VERBOSE, COSTS OFF) SELECT * FROM "Shop_masked".customers
                     WHERE email LIKE 'a%' AND ssn IS NOT NULL"""))
        assert_nothing_clear(plan)
        # The planner's statistics of the table are the table's readers' only (pg_stats).
        assert rows(conn, """SELECT count(*) FROM pg_catalog.pg_stats WHERE schemaname = 'Shop'""") == [(0,)]


def test_a_column_classified_later_is_masked_at_once(cluster, db, analyst):
    with connect(cluster, db, OWNER) as owner:
        owner.execute('ALTER TABLE "Shop".customers ADD COLUMN phone text')
        owner.execute("""UPDATE "Shop".customers SET phone = '+44 20 7946 0958' WHERE id = 1""")
    with connect(cluster, db, AUDITOR) as auditor:
        # The view predates the column: it does not show it, and the pack says it is stale.
        assert rows(auditor, "SELECT state FROM privacy.masking_status()") == [("stale",)]
        assert rows(auditor, "SELECT status FROM compliance.run_checks() WHERE check_id = 'gdpr.masked_views_stale'") \
            == [("fail",)]
    status = run_cli("status", "--dsn", dsn(cluster, db, AUDITOR))
    assert '"Shop_masked".customers ("Shop".customers) is stale' in status.stdout, status.stdout + status.stderr
    with connect(cluster, db, ADMIN) as admin:
        admin.execute("""SELECT governance.classify('"Shop".customers', 'phone', 'contact')""")
    with connect(cluster, db, analyst) as conn:
        assert rows(conn, 'SELECT phone FROM "Shop_masked".customers WHERE id = 1') == [("+***",)]
    with connect(cluster, db, ADMIN) as admin:
        admin.execute("""SELECT governance.classify('"Shop".customers', 'id', 'direct_identifier')""")
    with connect(cluster, db, analyst) as conn:
        ids = [r[0] for r in rows(conn, 'SELECT id FROM "Shop_masked".customers')]
        assert 1 not in ids and len(set(ids)) == 2, "ids are pseudonymized, still distinct"
    with connect(cluster, db, AUDITOR) as auditor:
        assert rows(auditor, "SELECT state FROM privacy.masking_status()") == [("current",)]


def test_entitlement_unmasks_one_category_only(cluster, db, analyst):
    with connect(cluster, db, DPO) as dpo:
        dpo.execute(f"SELECT privacy.grant_unmasked('{analyst}', 'contact')")
    with connect(cluster, db, analyst) as conn:
        assert rows(conn, 'SELECT email, ssn FROM "Shop_masked".customers WHERE ssn IS NOT NULL') \
            == [("ada@example.com", "*******6789")]
    with connect(cluster, db, DPO) as dpo:
        dpo.execute(f"SELECT privacy.revoke_unmasked('{analyst}', 'contact')")
    with connect(cluster, db, analyst) as conn:
        assert rows(conn, 'SELECT email FROM "Shop_masked".customers WHERE id = 1') == [("a***@example.com",)]


def test_a_reader_with_a_path_to_clear_values_is_refused_and_flagged(cluster, db, analyst):
    with connect(cluster, db, OWNER) as owner:
        owner.execute(f'GRANT SELECT (id, email) ON "Shop".customers TO {analyst}')
        owner.execute('CREATE VIEW "Shop".mailing AS SELECT email FROM "Shop".customers')
        owner.execute(f'GRANT SELECT ON "Shop".mailing TO {analyst}')
        owner.execute("""CREATE FUNCTION "Shop".emails() RETURNS SETOF text LANGUAGE sql SECURITY DEFINER
                         SET search_path = pg_catalog AS $$ SELECT email FROM "Shop".customers $$""")
    with connect(cluster, db, AUDITOR) as auditor:
        found = rows(auditor, "SELECT status, evidence FROM compliance.run_checks() "
                              "WHERE check_id = 'gdpr.masked_readers_see_clear_values'")
        assert found[0][0] == "fail"
        paths = " | ".join(e["path"] for e in found[0][1])
        assert f'{analyst} may SELECT "Shop".customers.email' in paths
        assert 'view "Shop".mailing' in paths
        assert f'{analyst} may execute "Shop".emails(), a SECURITY DEFINER function of {OWNER}' in paths
    with connect(cluster, db, DPO) as dpo, pytest.raises(psycopg.errors.InsufficientPrivilege) as refused:
        dpo.execute(f"""SELECT privacy.grant_masked('"Shop".customers', '{analyst}')""")
    assert "would still read" in str(refused.value)


def test_masked_views_are_generated_by_the_pack_owner_only(cluster, db, analyst):
    with connect(cluster, db, analyst) as conn:
        for attack in ("SELECT privacy.create_masked_view('\"Shop\".customers')",
                       "SELECT privacy.grant_unmasked('lp_analyst', 'contact')",
                       "SELECT privacy.k_anonymity('\"Shop\".customers', ARRAY['email'])",
                       'CREATE OR REPLACE VIEW "Shop_masked".customers AS SELECT 1'):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(attack)


def test_k_anonymity_and_l_diversity_for_the_dpo(cluster, db):
    with connect(cluster, db, DPO) as dpo:
        k = dpo.execute("""SELECT privacy.k_anonymity('"Shop".orders', ARRAY['customer_id'], 2)""").fetchone()[0]
        assert (k["k"], k["groups"], k["groups_below"]) == (1, 2, 2)
        assert {tuple(g["values"].items()) for g in k["below"]} == {(("customer_id", 1),), (("customer_id", 2),)}
        l_div = dpo.execute("""SELECT privacy.l_diversity('"Shop".orders', ARRAY['customer_id'], 'total', 2)""").fetchone()[0]
        assert (l_div["l"], l_div["groups_below"]) == (1, 2)
        with pytest.raises(psycopg.errors.UndefinedColumn):
            dpo.execute("""SELECT privacy.k_anonymity('"Shop".orders', ARRAY['nope; DROP TABLE x'])""")
