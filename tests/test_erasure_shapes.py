"""Schema shapes of issue 16 beyond several subject types: several own parents of one
table, tables linked by another identity, declared references without DDL, partitions
with foreign keys on some partitions only. Each asserts the exact rows erased and kept
(digests of every row before and after) and that no orphan is left."""
from __future__ import annotations

import psycopg
import pytest
from erasure_schemas import changes, digests, export, key, orphans


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
    exported = export(conn, "1", "customer")
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
    assert done["kept"] == plan["kept"] == [
        {"table": "addr.address", "rows": 1, "classified": ["street"], "shared": True,
         "why": "own parent still referenced by rows this erasure keeps or by another subject"}]
    # Its street stays: not `erased`.
    assert done["status"] == plan["expected_status"] == "partially_erased"
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
    exported = export(conn, "2", "member")
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
    assert export(conn, "2", "member")["tables"] == {}
    assert [p for t in plan["tables"] if t["table"] == "ident.visit" for p in t["paths"]] == [
        "ident.visit.member_email (linked to ident.member.email)"]


def test_link_by_a_column_that_is_not_unique_is_refused(conn):
    conn.execute(IDENTITIES)
    with pytest.raises(psycopg.errors.InvalidParameterValue, match="column name of ident.member is not unique"):
        conn.execute("SELECT privacy.link_table('ident.visit', 'page', 'member', subject_column => 'name')")


NO_FKS = """
CREATE SCHEMA orm;
CREATE TABLE orm.address (id integer PRIMARY KEY, street text);
CREATE TABLE orm.customer (id integer PRIMARY KEY, name text, address_id integer);
CREATE TABLE orm.orders (id integer PRIMARY KEY, customer_id integer NOT NULL);
CREATE TABLE orm.order_item (id integer PRIMARY KEY, order_id integer NOT NULL, sku text);
-- Reviews outlive their order (the ORM nulls the link).
CREATE TABLE orm.review (id integer PRIMARY KEY, order_id integer, stars integer);
INSERT INTO orm.address VALUES (1, '1 Elm St'), (2, '2 Oak St');
INSERT INTO orm.customer VALUES (1, 'Ann', 1), (2, 'Bob', 2);
INSERT INTO orm.orders VALUES (10, 1), (11, 1), (12, 2);
INSERT INTO orm.order_item SELECT o * 10 + i, o, 'sku' || i FROM generate_series(10, 12) o, generate_series(1, 2) i;
INSERT INTO orm.review VALUES (1, 10, 5), (2, 12, 4);
SELECT governance.classify('orm.customer', 'name', 'direct_identifier');
SELECT governance.classify('orm.address', 'street', 'contact');
SELECT privacy.register_subject('customer', 'orm.customer', 'id');
SELECT privacy.declare_reference('orm.orders', '{customer_id}', 'orm.customer', '{id}');
SELECT privacy.declare_reference('orm.order_item', '{order_id}', 'orm.orders', '{id}', 'cascade');
SELECT privacy.declare_reference('orm.review', '{order_id}', 'orm.orders', '{id}', 'set null');
SELECT privacy.declare_reference('orm.customer', '{address_id}', 'orm.address', '{id}');
SELECT privacy.own_parent('orm.customer', 'address_id');
"""


def test_declared_references_are_followed_like_foreign_keys(conn):
    conn.execute(NO_FKS)
    exported = export(conn, "1", "customer")
    assert {t: len(v["rows"]) for t, v in exported["tables"].items()} == {
        "orm.customer": 1, "orm.orders": 2, "orm.order_item": 4, "orm.address": 1}
    before = digests(conn, "orm")
    plan, done = plan_and_forget(conn, "1", "customer")
    assert [(d["table"], d["rows"], d["how"]) for d in plan["detach"]] == [("orm.review", 1, "detach")]
    assert [(d["table"], d["rows"]) for d in done["detached"]] == [("orm.review", 1)]
    assert {(t["table"], t["rows"]) for t in plan["tables"]} == {(t["table"], t["rows"]) for t in done["tables"]}
    gone, rewritten = changes(before, digests(conn, "orm"))
    assert gone == {key("orm.customer", id=1), key("orm.address", id=1), key("orm.orders", id=10),
                    key("orm.orders", id=11)} | {key("orm.order_item", id=i) for i in (101, 102, 111, 112)}
    # The engine does the declared SET NULL the database cannot.
    assert rewritten == {key("orm.review", id=1)}
    # No orphan through any declared reference.
    assert conn.execute("""
        SELECT (SELECT count(*) FROM orm.orders o WHERE NOT EXISTS (SELECT FROM orm.customer c WHERE c.id = o.customer_id))
             + (SELECT count(*) FROM orm.order_item i WHERE NOT EXISTS (SELECT FROM orm.orders o WHERE o.id = i.order_id))
             + (SELECT count(*) FROM orm.review r WHERE r.order_id IS NOT NULL
                   AND NOT EXISTS (SELECT FROM orm.orders o WHERE o.id = r.order_id))""").fetchone()[0] == 0


def test_declare_reference_refuses_what_a_foreign_key_could_not_be(conn):
    conn.execute(NO_FKS)
    for args, message in (
            (("orm.orders", ["customer_id"], "orm.customer", ["name"]), "are not unique"),
            (("orm.orders", ["customer_id"], "orm.customer", ["id", "name"]), "as many columns"),
            (("orm.orders", ["nope"], "orm.customer", ["id"]), "has no column"),
            (("orm.orders", ["customer_id"], "orm.customer", ["id"], "explode"), "unknown on_delete")):
        with pytest.raises(psycopg.Error, match=message):
            with conn.transaction():
                conn.execute("SELECT privacy.declare_reference(%s::regclass, %s::name[], %s::regclass, %s::name[]"
                             + (", %s)" if len(args) == 5 else ")"), args)


PARTITIONS = """
CREATE SCHEMA part;
CREATE TABLE part.customer (id integer PRIMARY KEY, name text);
CREATE TABLE part.payment (id integer NOT NULL, customer_id integer NOT NULL, paid_on date NOT NULL, amount numeric,
                           PRIMARY KEY (id, paid_on)) PARTITION BY RANGE (paid_on);
CREATE INDEX ON part.payment (customer_id);
CREATE TABLE part.payment_2022 PARTITION OF part.payment FOR VALUES FROM ('2022-01-01') TO ('2023-01-01');
CREATE TABLE part.payment_2023 PARTITION OF part.payment FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
ALTER TABLE part.payment_2022 ADD FOREIGN KEY (customer_id) REFERENCES part.customer;
ALTER TABLE part.payment_2023 ADD FOREIGN KEY (customer_id) REFERENCES part.customer;
-- Added later, without the key.
CREATE TABLE part.payment_2024 PARTITION OF part.payment FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE part.payment_2025 PARTITION OF part.payment FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
INSERT INTO part.customer VALUES (1, 'Ann'), (2, 'Bob');
INSERT INTO part.payment SELECT 100 * c + m, c, date '2022-01-15' + 30 * m, m FROM generate_series(1, 2) c, generate_series(0, 45) m;
SELECT governance.classify('part.customer', 'name', 'direct_identifier');
SELECT privacy.register_subject('customer', 'part.customer', 'id');
"""


def test_a_foreign_key_of_some_partitions_covers_the_whole_partitioned_table(conn):
    conn.execute(PARTITIONS)
    total = conn.execute("SELECT count(*) FROM part.payment WHERE customer_id = 1").fetchone()[0]
    assert conn.execute("SELECT count(DISTINCT tableoid) FROM part.payment WHERE customer_id = 1").fetchone()[0] == 4
    exported = export(conn, "1", "customer")
    assert len(exported["tables"]["part.payment"]["rows"]) == total
    expected = set(conn.execute("SELECT tableoid::regclass::text, jsonb_build_object('id', id, 'paid_on', paid_on)::text "
                                "FROM part.payment WHERE customer_id = 1").fetchall())
    before = digests(conn, "part")
    plan, done = plan_and_forget(conn, "1", "customer")
    assert [(t["table"], t["rows"]) for t in plan["tables"] if t["kind"] == "fk"] == [("part.payment", total)]
    [warning] = [w for w in plan["warnings"] if "partitions_without" in w]
    assert warning["partitions_without"] == ["part.payment_2024", "part.payment_2025"]
    assert done["status"] == "erased"
    gone, rewritten = changes(before, digests(conn, "part"))
    assert gone == {key("part.customer", id=1)} | expected
    assert conn.execute("SELECT count(*) FROM part.payment WHERE customer_id = 2").fetchone()[0] == total
    assert len(gone) == total + 1 and rewritten == set()


def test_the_plan_and_the_record_name_models_trained_on_the_subjects_tables(conn):
    conn.execute(ADDRESSES)
    conn.execute("""
        CREATE TABLE addr.features AS SELECT id, 1 AS n FROM addr.customer;
        CREATE TABLE addr.weather (day date PRIMARY KEY);
        SELECT lineage.register_table('addr.orders');
        SELECT lineage.register_table('addr.features');
        SELECT lineage.add_edge(lineage.register_table('addr.customer'), lineage.register_table('addr.features'),
                                'feature_engineering', NULL, 'pipeline');
        SELECT lineage.register_model('churn');
        SELECT lineage.log_training_run(lineage.register_model_version('churn', 'v1'), lineage.register_table('addr.features'));
        SELECT lineage.register_model('basket');
        SELECT lineage.log_training_run(lineage.register_model_version('basket', 'v3'), lineage.register_table('addr.orders'));
        SELECT lineage.register_model('unrelated');
        SELECT lineage.log_training_run(lineage.register_model_version('unrelated', 'v1'),
                                        lineage.register_table('addr.weather'));
        """)
    plan = conn.execute("SELECT privacy.erasure_plan('1', 'customer')").fetchone()[0]
    trained = {(m["model"], m["version"]): m["trained_on"] for m in plan["lineage"]["trained_models"]}
    # churn was trained on features derived from the customer table; unrelated on weather.
    assert trained == {("basket", "v3"): ["addr.orders"], ("churn", "v1"): ["addr.customer"]}
    assert plan["lineage"]["model_versions"] == []   # no prediction about the subject
    done = conn.execute("SELECT privacy.gdpr_forget('1', 'customer')").fetchone()[0]
    record = conn.execute("SELECT lineage FROM privacy.erasures WHERE id = %s", (done["erasure_id"],)).fetchone()[0]
    assert record["trained_models"] == done["trained_models"] == plan["lineage"]["trained_models"]


def test_the_plan_lists_unclassified_text_of_kept_rows(conn):
    conn.execute("""
        CREATE SCHEMA tax;
        CREATE TABLE tax.customer (id integer PRIMARY KEY, name text);
        CREATE TABLE tax.invoice (id integer PRIMARY KEY, customer_id integer REFERENCES tax.customer,
                                  billing_name text, billing_address varchar(80), billing_city text,
                                  billing_country char(2), total numeric, meta jsonb);
        CREATE TABLE tax.ledger (id integer PRIMARY KEY, invoice_id integer NOT NULL REFERENCES tax.invoice, memo text);
        INSERT INTO tax.customer VALUES (1, 'Ann');
        INSERT INTO tax.invoice VALUES (1, 1, 'Ann', '1 Elm St', 'Springfield', 'US', 10, '{}');
        INSERT INTO tax.ledger VALUES (1, 1, 'paid');
        SELECT governance.classify('tax.invoice', 'billing_name', 'direct_identifier');
        SELECT privacy.register_subject('customer', 'tax.customer', 'id');
        SELECT privacy.set_erasure_rule('tax.invoice', 'anonymize', 'tax law');
        SELECT privacy.set_erasure_rule('tax.ledger', 'retain', 'bookkeeping');
        """)
    plan = conn.execute("SELECT privacy.erasure_plan('1', 'customer')").fetchone()[0]
    assert plan["kept_row_gaps"] == [
        {"table": "tax.ledger", "action": "retain", "rows": 1, "columns": ["memo"]},
        {"table": "tax.invoice", "action": "anonymize", "rows": 1,
         "columns": ["billing_address", "billing_city", "billing_country", "meta"]}]
    conn.execute("SELECT governance.classify('tax.invoice', c, 'contact') "
                 "FROM unnest(ARRAY['billing_address', 'billing_city', 'billing_country', 'meta']) c")
    conn.execute("SELECT privacy.set_erasure_rule('tax.ledger', 'delete')")
    assert conn.execute("SELECT privacy.erasure_plan('1', 'customer')").fetchone()[0]["kept_row_gaps"] == []
