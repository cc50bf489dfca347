"""The demo's erasure and export section: a small shop, a customer forgotten for real."""
from __future__ import annotations

import psycopg

from installer.api.governance import Governance

SHOP = """
CREATE SCHEMA demo_shop;
CREATE TABLE demo_shop.address (id int PRIMARY KEY, street text NOT NULL);
CREATE TABLE demo_shop.customer (id int PRIMARY KEY, email text NOT NULL UNIQUE, name text NOT NULL,
                                 address_id int REFERENCES demo_shop.address);
CREATE TABLE demo_shop.rental (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES demo_shop.customer);
CREATE INDEX ON demo_shop.rental (customer_id);
CREATE TABLE demo_shop.payment (id int PRIMARY KEY, rental_id int NOT NULL REFERENCES demo_shop.rental,
                                amount numeric(10, 2) NOT NULL);
CREATE INDEX ON demo_shop.payment (rental_id);
CREATE TABLE demo_shop.invoice (id int PRIMARY KEY, customer_id int REFERENCES demo_shop.customer,
                                billing_name text NOT NULL, total numeric(10, 2) NOT NULL);
CREATE INDEX ON demo_shop.invoice (customer_id);
INSERT INTO demo_shop.address VALUES (1, '1 Elm Street'), (2, '2 Oak Avenue');
INSERT INTO demo_shop.customer VALUES (1, 'ada@example.com', 'Ada', 1), (2, 'bob@example.com', 'Bob', 2);
INSERT INTO demo_shop.rental VALUES (10, 1), (11, 1), (20, 2);
INSERT INTO demo_shop.payment VALUES (100, 10, 3.99), (101, 11, 4.99), (200, 20, 2.99);
INSERT INTO demo_shop.invoice VALUES (1000, 1, 'Ada', 8.98), (2000, 2, 'Bob', 2.99);
"""


def show(conn: psycopg.Connection, gov: Governance) -> None:
    conn.execute(SHOP)
    for found in gov.discover_pii("demo_shop"):
        print(f"proposed: {found['table_name']}.{found['column_name']} -> {found['category']} ({found['confidence']})")
    gov.classify("demo_shop.customer", "email", "contact")
    gov.classify("demo_shop.customer", "name", "direct_identifier")
    gov.classify("demo_shop.invoice", "billing_name", "direct_identifier")
    gov.register_subject("customer", "demo_shop.customer", "id")
    gov.own_parent("demo_shop.customer", "address_id")
    gov.set_erasure_rule("demo_shop.invoice", "anonymize", "tax law: keep invoices 10 years")
    conn.commit()   # the export's record commits in a transaction of its own, before the export
    export = gov.gdpr_export("1", "customer")
    print(f"export of customer 1: {sum(len(t['rows']) for t in export['tables'].values())} rows "
          f"from {', '.join(export['tables'])}")
    plan = gov.erasure_plan("1", "customer")
    for table in plan["tables"]:
        print(f"plan: {table['action']:22} {table['rows']} row(s) of {table['table']}")
    result = gov.gdpr_forget("1", "customer")
    print(f"forget: {result['status']}, {result['rows_erased']} rows, recorded as erasure "
          f"#{result['erasure_id']} under hash {result['subject_hash'][:12]}...")
    print(f"the invoice is kept, anonymized: "
          f"{conn.execute('SELECT billing_name, total FROM demo_shop.invoice WHERE id = 1000').fetchone()}")
    print(f"forget again: {gov.gdpr_forget('1', 'customer')['status']}")
    conn.commit()
