"""Schema shapes of issue 16 beyond several subject types: several own parents of one
table, tables linked by another identity, declared references without DDL, partitions
with foreign keys on some partitions only. Each asserts the exact rows erased and kept
(digests of every row before and after) and that no orphan is left."""
from __future__ import annotations

import psycopg
import pytest

from erasure_schemas import changes, digests, key, orphans


@pytest.fixture
def conn(installed_db):
    with psycopg.connect(installed_db) as connection:
        yield connection


def plan_and_forget(conn: psycopg.Connection, subject_key: str, subject_type: str) -> tuple[dict, dict]:
    plan = conn.execute("SELECT privacy.erasure_plan(%s, %s)", (subject_key, subject_type)).fetchone()[0]
    done = conn.execute("SELECT privacy.gdpr_forget(%s, %s)", (subject_key, subject_type)).fetchone()[0]
    return plan, done


ADDRESSES = """
CREATE SCHEMA addr;
CREATE TABLE addr.address (id integer PRIMARY KEY, street text NOT NULL);
CREATE TABLE addr.customer (id integer PRIMARY KEY, name text NOT NULL, address_id integer REFERENCES addr.address);
CREATE TABLE addr.orders (id integer PRIMARY KEY, customer_id integer NOT NULL REFERENCES addr.customer,
                          shipping_address_id integer REFERENCES addr.address);
CREATE TABLE addr.payment_card (id integer PRIMARY KEY, customer_id integer NOT NULL REFERENCES addr.customer,
                                billing_address_id integer NOT NULL REFERENCES addr.address);
INSERT INTO addr.address SELECT i, i || ' High Street' FROM generate_series(1, 6) i;
INSERT INTO addr.customer VALUES (1, 'Ann', 1), (2, 'Bob', 5);
-- Ann ships to 2 and 3, pays with a card billed at 4; Bob ships to 3 too, and to 6.
INSERT INTO addr.orders VALUES (10, 1, 2), (11, 1, 3), (12, 2, 3), (13, 2, 6);
INSERT INTO addr.payment_card VALUES (20, 1, 4), (21, 2, 5);
SELECT governance.classify('addr.address', 'street', 'contact');
SELECT privacy.register_subject('customer', 'addr.customer', 'id');
SELECT privacy.own_parent('addr.customer', 'address_id');
SELECT privacy.own_parent('addr.orders', 'shipping_address_id');
SELECT privacy.own_parent('addr.payment_card', 'billing_address_id');
"""


def test_every_declared_own_parent_counts_and_a_shared_one_stays(conn):
    conn.execute(ADDRESSES)
    exported = conn.execute("SELECT privacy.gdpr_export('1', 'customer')").fetchone()[0]
    assert sorted(r["id"] for r in exported["tables"]["addr.address"]["rows"]) == [1, 2, 3, 4]
    before = digests(conn, "addr")
    plan, done = plan_and_forget(conn, "1", "customer")
    [entry] = [t for t in plan["tables"] if t["table"] == "addr.address"]
    assert (entry["rows"], entry["kept"], entry["action"]) == (4, 1, "delete_if_unreferenced")
    assert len(entry["paths"]) == 3
    gone, rewritten = changes(before, digests(conn, "addr"))
    # Address 3 is also Bob's shipping address: it stays, and the erasure says so.
    assert gone == {key("addr.customer", id=1), key("addr.orders", id=10), key("addr.orders", id=11),
                    key("addr.payment_card", id=20)} | {key("addr.address", id=a) for a in (1, 2, 4)}
    assert rewritten == set()
    assert [(k["table"], k["rows"], k["classified"]) for k in done["kept"]] == [("addr.address", 1, ["street"])]
    assert done["status"] == "partially_erased"
    assert orphans(conn, "addr") == []


IDENTITIES = """
CREATE SCHEMA ident;
CREATE TABLE ident.member (id integer PRIMARY KEY, email text NOT NULL UNIQUE, name text NOT NULL);
CREATE TABLE ident.visit (id integer PRIMARY KEY, member_email text NOT NULL, page text);
CREATE TABLE ident.support_request (id integer PRIMARY KEY, email text, body text NOT NULL);
CREATE TABLE ident.app_log (id integer PRIMARY KEY, member_ref text, message text);
CREATE INDEX ON ident.visit (member_email);
CREATE INDEX ON ident.support_request (email);
CREATE INDEX ON ident.app_log (member_ref);
INSERT INTO ident.member SELECT i, 'm' || i || '@example.com', 'Member ' || i FROM generate_series(1, 3) i;
INSERT INTO ident.visit SELECT 10 * m + v, 'm' || m || '@example.com', '/p' || v FROM generate_series(1, 3) m, generate_series(1, 2) v;
INSERT INTO ident.support_request SELECT m, 'm' || m || '@example.com', 'please call me' FROM generate_series(1, 3) m;
INSERT INTO ident.app_log SELECT m, m::text, 'login' FROM generate_series(1, 3) m;
SELECT governance.classify('ident.member', 'name', 'direct_identifier');
SELECT governance.classify('ident.support_request', 'body', 'free_text');
SELECT privacy.register_subject('member', 'ident.member', 'id');
SELECT privacy.link_table('ident.visit', 'member_email', 'member', subject_column => 'email');
SELECT privacy.link_table('ident.support_request', 'email', 'member', subject_column => 'email');
SELECT privacy.link_table('ident.app_log', 'member_ref', 'member');
SELECT privacy.set_erasure_rule('ident.support_request', 'anonymize', 'service quality statistics');
SELECT privacy.set_erasure_rule('ident.app_log', 'anonymize', 'security log');
"""


def test_tables_linked_by_email_and_anonymized_links_lose_the_link(conn):
    conn.execute(IDENTITIES)
    exported = conn.execute("SELECT privacy.gdpr_export('2', 'member')").fetchone()[0]
    assert {t: len(v["rows"]) for t, v in exported["tables"].items()} == {
        "ident.member": 1, "ident.visit": 2, "ident.support_request": 1, "ident.app_log": 1}
    before = digests(conn, "ident")
    plan, done = plan_and_forget(conn, "2", "member")
    assert done["status"] == "erased"
    gone, rewritten = changes(before, digests(conn, "ident"))
    assert gone == {key("ident.member", id=2), key("ident.visit", id=21), key("ident.visit", id=22)}
    assert rewritten == {key("ident.support_request", id=2), key("ident.app_log", id=2)}
    # The link values themselves are gone (NULL where nullable, a placeholder otherwise).
    assert conn.execute("SELECT email, body ~ '^erased-' FROM ident.support_request WHERE id = 2").fetchone() == (None, True)
    assert conn.execute("SELECT member_ref, message FROM ident.app_log WHERE id = 2").fetchone() == (None, "login")
    # So a repeat finds nothing, writes nothing, and the export is empty.
    again = conn.execute("SELECT privacy.gdpr_forget('2', 'member')").fetchone()[0]
    assert (again["status"], again["erasure_id"]) == ("already_erased", done["erasure_id"])
    assert conn.execute("SELECT count(*) FROM privacy.erasures").fetchone()[0] == 1
    assert conn.execute("SELECT privacy.gdpr_export('2', 'member')").fetchone()[0]["tables"] == {}
    assert [p for t in plan["tables"] if t["table"] == "ident.visit" for p in t["paths"]] == [
        "ident.visit.member_email (linked to ident.member.email)"]


def test_link_by_a_column_that_is_not_unique_is_refused(conn):
    conn.execute(IDENTITIES)
    with pytest.raises(psycopg.errors.InvalidParameterValue, match="column name of ident.member is not unique"):
        conn.execute("SELECT privacy.link_table('ident.visit', 'page', 'member', subject_column => 'name')")
