"""Schemas with several kinds of data subject for the ownership-model erasure tests, and
the helpers that prove an erasure exact: every row's digest before and after, and no
orphan left behind.

music: a record store (customers, employees as their support reps, invoices and invoice
lines, tracks, playlists), with an ON DELETE SET NULL note author and an employee's own
reviews (ON DELETE CASCADE).
trading: customers, employees, orders referencing both, order details, the employees'
territories and trades that need both a customer and a trader (NOT NULL).
"""
from __future__ import annotations

import json

import psycopg

MUSIC = """
CREATE SCHEMA music;
CREATE TABLE music.employee (
    employee_id integer PRIMARY KEY,
    first_name  text NOT NULL,
    email       text,
    reports_to  integer REFERENCES music.employee
);
CREATE TABLE music.customer (
    customer_id    integer PRIMARY KEY,
    first_name     text NOT NULL,
    email          text NOT NULL UNIQUE,
    support_rep_id integer REFERENCES music.employee
);
CREATE INDEX ON music.customer (support_rep_id);
CREATE TABLE music.track (track_id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE music.invoice (
    invoice_id      integer PRIMARY KEY,
    customer_id     integer NOT NULL REFERENCES music.customer,
    billing_address text,
    total           numeric(10, 2) NOT NULL
);
CREATE INDEX ON music.invoice (customer_id);
CREATE TABLE music.invoice_line (
    invoice_line_id integer PRIMARY KEY,
    invoice_id      integer NOT NULL REFERENCES music.invoice,
    track_id        integer NOT NULL REFERENCES music.track,
    unit_price      numeric(10, 2) NOT NULL
);
CREATE INDEX ON music.invoice_line (invoice_id);
-- Notes about a customer, written by an employee: the author is a detachable reference.
CREATE TABLE music.customer_note (
    id          integer PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES music.customer,
    written_by  integer REFERENCES music.employee ON DELETE SET NULL,
    body        text
);
CREATE INDEX ON music.customer_note (customer_id);
CREATE INDEX ON music.customer_note (written_by);
-- The employee's own appraisal records.
CREATE TABLE music.employee_review (
    id          integer PRIMARY KEY,
    employee_id integer NOT NULL REFERENCES music.employee ON DELETE CASCADE,
    body        text
);
CREATE INDEX ON music.employee_review (employee_id);

INSERT INTO music.employee VALUES (1, 'Andrew', 'andrew@store', NULL), (2, 'Jane', 'jane@store', 1),
                                  (3, 'Steve', 'steve@store', 1);
INSERT INTO music.customer SELECT i, 'Customer ' || i, 'c' || i || '@example.com', 2 + i % 2 FROM generate_series(1, 8) i;
INSERT INTO music.track SELECT i, 'Track ' || i FROM generate_series(1, 5) i;
INSERT INTO music.invoice SELECT c * 10 + k, c, c || ' Rue de la Paix', 1.98 * k FROM generate_series(1, 8) c, generate_series(1, 2) k;
INSERT INTO music.invoice_line SELECT i.invoice_id * 10 + l, i.invoice_id, l, 0.99 FROM music.invoice i, generate_series(1, 2) l;
INSERT INTO music.customer_note SELECT c, c, 2 + c % 2, 'called about order' FROM generate_series(1, 8) c;
INSERT INTO music.employee_review VALUES (1, 2, 'good'), (2, 3, 'great'), (3, 2, 'fine');

SELECT governance.classify('music.customer', 'first_name', 'direct_identifier');
SELECT governance.classify('music.customer', 'email', 'contact');
SELECT governance.classify('music.employee', 'first_name', 'direct_identifier');
SELECT governance.classify('music.employee', 'email', 'contact');
SELECT privacy.register_subject('customer', 'music.customer', 'customer_id');
SELECT privacy.register_subject('employee', 'music.employee', 'employee_id');
"""

TRADING = """
CREATE SCHEMA trading;
CREATE TABLE trading.customers (customer_id text PRIMARY KEY, company_name text NOT NULL, contact_name text);
CREATE TABLE trading.employees (
    employee_id integer PRIMARY KEY,
    last_name   text NOT NULL,
    reports_to  integer REFERENCES trading.employees
);
CREATE TABLE trading.products (product_id integer PRIMARY KEY, product_name text NOT NULL);
CREATE TABLE trading.orders (
    order_id    integer PRIMARY KEY,
    customer_id text REFERENCES trading.customers,
    employee_id integer REFERENCES trading.employees,
    ship_name   text
);
CREATE INDEX ON trading.orders (customer_id);
CREATE INDEX ON trading.orders (employee_id);
CREATE TABLE trading.order_details (
    order_id   integer NOT NULL REFERENCES trading.orders,
    product_id integer NOT NULL REFERENCES trading.products,
    quantity   integer NOT NULL,
    PRIMARY KEY (order_id, product_id)
);
CREATE TABLE trading.employee_territories (
    employee_id  integer NOT NULL REFERENCES trading.employees,
    territory_id text NOT NULL,
    PRIMARY KEY (employee_id, territory_id)
);
-- Every trade needs its customer and its trader.
CREATE TABLE trading.trades (
    trade_id    integer PRIMARY KEY,
    customer_id text NOT NULL REFERENCES trading.customers,
    trader_id   integer NOT NULL REFERENCES trading.employees,
    amount      numeric(12, 2) NOT NULL
);
CREATE INDEX ON trading.trades (customer_id);
CREATE INDEX ON trading.trades (trader_id);

INSERT INTO trading.customers VALUES ('ALFKI', 'Alfreds', 'Maria'), ('ANATR', 'Ana Trujillo', 'Ana'),
                                     ('BONAP', 'Bon app''', 'Laurence');
INSERT INTO trading.employees VALUES (1, 'Fuller', NULL), (2, 'Davolio', 1), (3, 'Leverling', 1);
INSERT INTO trading.products SELECT i, 'Product ' || i FROM generate_series(1, 4) i;
-- Orders 1-9: every customer with every employee; 10: a walk-in sale by employee 3;
-- 11: an order of ALFKI with no employee.
INSERT INTO trading.orders
SELECT 3 * (c - 1) + e, (ARRAY['ALFKI', 'ANATR', 'BONAP'])[c], e, 'ship ' || c FROM generate_series(1, 3) c, generate_series(1, 3) e;
INSERT INTO trading.orders VALUES (10, NULL, 3, 'walk-in'), (11, 'ALFKI', NULL, 'web');
INSERT INTO trading.order_details SELECT o, p, o + p FROM generate_series(1, 11) o, generate_series(1, 2) p;
INSERT INTO trading.employee_territories VALUES (2, '01581'), (3, '02116'), (3, '02139');

SELECT governance.classify('trading.customers', 'contact_name', 'direct_identifier');
SELECT governance.classify('trading.employees', 'last_name', 'direct_identifier');
SELECT governance.classify('trading.orders', 'ship_name', 'direct_identifier');
SELECT privacy.register_subject('customer', 'trading.customers', 'customer_id');
SELECT privacy.register_subject('employee', 'trading.employees', 'employee_id');
"""

# Trades come in only where a test needs the conflict they make.
TRADES = """
INSERT INTO trading.trades VALUES (1, 'ALFKI', 2, 100), (2, 'ANATR', 3, 250.50);
"""


def digests(conn: psycopg.Connection, schema: str) -> dict[tuple[str, str], str]:
    """{(table, primary key as JSON): md5 of the whole row} for every table of the schema."""
    tables = conn.execute(
        "SELECT c.oid::regclass::text, privacy.row_key_expression(c.oid) FROM pg_class c "
        "WHERE c.relnamespace = %s::regnamespace AND c.relkind = 'r'", (schema,)).fetchall()
    rows: dict[tuple[str, str], str] = {}
    for table, key in tables:
        for row_key, digest in conn.execute(f"SELECT ({key})::text, md5(x::text) FROM {table} x"):
            rows[(table, row_key)] = digest
    return rows


def changes(before: dict[tuple[str, str], str], after: dict[tuple[str, str], str]) -> tuple[set, set]:
    """(rows gone, rows rewritten): everything else is byte-identical."""
    gone = set(before) - set(after)
    rewritten = {k for k in before.keys() & after.keys() if before[k] != after[k]}
    assert not set(after) - set(before), "no row may appear"
    return gone, rewritten


def orphans(conn: psycopg.Connection, schema: str) -> list[str]:
    """Constraint names of the schema's foreign keys (real ones, checked again row by row,
    NOT VALID ones included) that some row violates."""
    found = []
    for name, child, cols, parent, pcols in conn.execute(
            "SELECT c.conname, c.conrelid::regclass::text, privacy.column_list(c.conrelid, c.conkey, 'x.'), "
            "c.confrelid::regclass::text, privacy.column_list(c.confrelid, c.confkey, 'p.') "
            "FROM pg_constraint c WHERE c.contype = 'f' AND c.conparentid = 0 AND c.connamespace = %s::regnamespace",
            (schema,)).fetchall():
        n = conn.execute(f"SELECT count(*) FROM {child} x WHERE ROW({cols}) IS NOT NULL AND NOT EXISTS "
                         f"(SELECT FROM {parent} p WHERE ({pcols}) = ({cols}))").fetchone()[0]
        if n:
            found.append(name)
    return found


def key(table: str, **pk) -> tuple[str, str]:
    """A row's identity as digests() gives it (jsonb's text: shorter keys first)."""
    ordered = {k: pk[k] for k in sorted(pk, key=lambda k: (len(k), k))}
    return (table, json.dumps(ordered, separators=(", ", ": ")))


def export(conn: psycopg.Connection, subject_key: str, subject_type: str) -> dict:
    """gdpr_export in its two steps: the disclosure's grant committed first (request_export),
    then the read. Commits what the test wrote before (a fresh database per test)."""
    conn.commit()
    conn.execute("SELECT privacy.request_export(%s, %s)", (subject_key, subject_type))
    conn.commit()
    return conn.execute("SELECT privacy.gdpr_export(%s, %s)", (subject_key, subject_type)).fetchone()[0]
