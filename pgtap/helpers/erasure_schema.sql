-- A realistic, hostile schema for the erasure and export tests and the benchmark: the
-- subject (shop.customer) is reached two FK hops away, through a partitioned table with
-- FKs declared per partition, a composite FK, a self-reference, an FK cycle, identifiers
-- that need quoting, an ON DELETE CASCADE chain, a join table, an anonymized and a
-- retained financial table, a domain, an enum, generated columns, tables with triggers
-- of their own, a linked table without FK, an own parent (address) and shared reference
-- data (store, film). shop.populate(n, rentals) fills it deterministically.
CREATE SCHEMA shop;

CREATE DOMAIN shop.email AS text CHECK (VALUE ~ '^[^@[:space:]]+@[^@[:space:]]+$');
CREATE TYPE shop.tier AS ENUM ('basic', 'gold');

CREATE TABLE shop.address (id integer PRIMARY KEY, street text NOT NULL, city text NOT NULL);
CREATE TABLE shop.store (id integer PRIMARY KEY, name text NOT NULL,
                         address_id integer REFERENCES shop.address);
CREATE TABLE shop.film (id integer PRIMARY KEY, title text NOT NULL);
CREATE TABLE shop.stats (name text PRIMARY KEY, value bigint NOT NULL);

CREATE TABLE shop.customer (
    id                 integer PRIMARY KEY,
    email              shop.email NOT NULL UNIQUE,
    full_name          text NOT NULL,
    name_upper         text GENERATED ALWAYS AS (upper(full_name)) STORED,
    tier               shop.tier NOT NULL DEFAULT 'basic',
    birth_date         date,
    address_id         integer REFERENCES shop.address,
    referred_by        integer REFERENCES shop.customer,          -- users referred by users
    store_id           integer NOT NULL REFERENCES shop.store,
    primary_account_id integer,                                   -- the FK cycle, added below
    updated_at         timestamptz NOT NULL DEFAULT '2024-01-01'
);
CREATE INDEX ON shop.customer (address_id);
CREATE INDEX ON shop.customer (referred_by);
CREATE INDEX ON shop.customer (primary_account_id);

CREATE TABLE shop.account (
    id          integer PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES shop.customer,
    balance     numeric(14, 4) NOT NULL DEFAULT 0
);
CREATE INDEX ON shop.account (customer_id);
ALTER TABLE shop.customer ADD CONSTRAINT customer_primary_account_fkey
    FOREIGN KEY (primary_account_id) REFERENCES shop.account;

CREATE TABLE shop.rental (
    id          integer PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES shop.customer,
    film_id     integer NOT NULL REFERENCES shop.film,
    rented_on   date NOT NULL,
    UNIQUE (id, customer_id)
);
CREATE INDEX ON shop.rental (customer_id);

-- Two hops from the customer, with an identifier that needs quoting, and a cascade chain.
CREATE TABLE shop."Payment Lines" (
    id        integer PRIMARY KEY,
    rental_id integer NOT NULL REFERENCES shop.rental ON DELETE CASCADE,
    amount    numeric(12, 2) NOT NULL,
    "quote""d note" text
);
CREATE INDEX ON shop."Payment Lines" (rental_id);
CREATE TABLE shop.payment_note (
    id         integer PRIMARY KEY,
    payment_id integer NOT NULL REFERENCES shop."Payment Lines" ON DELETE CASCADE,
    note       text
);
CREATE INDEX ON shop.payment_note (payment_id);

-- Composite foreign key.
CREATE TABLE shop.rental_review (
    rental_id   integer NOT NULL,
    customer_id integer NOT NULL,
    stars       smallint NOT NULL CHECK (stars BETWEEN 1 AND 5),
    body        text,
    PRIMARY KEY (rental_id, customer_id),
    FOREIGN KEY (rental_id, customer_id) REFERENCES shop.rental (id, customer_id)
);

-- Partitioned, foreign keys declared on each partition (as on PostgreSQL 11 or by habit).
CREATE TABLE shop.event (
    id          bigint NOT NULL,
    customer_id integer NOT NULL,
    at          date NOT NULL,
    payload     jsonb,
    tags        text[],
    PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);
CREATE TABLE shop.event_2024 PARTITION OF shop.event FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE shop.event_2025 PARTITION OF shop.event FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
ALTER TABLE shop.event_2024 ADD FOREIGN KEY (customer_id) REFERENCES shop.customer;
ALTER TABLE shop.event_2025 ADD FOREIGN KEY (customer_id) REFERENCES shop.customer;
CREATE INDEX ON shop.event (customer_id);

-- Partitioned, foreign key declared once on the partitioned table.
CREATE TABLE shop.page_view (
    customer_id integer NOT NULL REFERENCES shop.customer,
    seq         integer NOT NULL,
    url         text NOT NULL,
    PRIMARY KEY (customer_id, seq)
) PARTITION BY HASH (customer_id);
CREATE TABLE shop.page_view_0 PARTITION OF shop.page_view FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE shop.page_view_1 PARTITION OF shop.page_view FOR VALUES WITH (MODULUS 2, REMAINDER 1);

-- Join table.
CREATE TABLE shop.favorite (
    customer_id integer NOT NULL REFERENCES shop.customer,
    film_id     integer NOT NULL REFERENCES shop.film,
    PRIMARY KEY (customer_id, film_id)
);

-- Financial records the law obliges us to keep: anonymized, and a retained ledger.
CREATE TABLE shop.invoice (
    id             integer PRIMARY KEY,
    customer_id    integer REFERENCES shop.customer,
    billing_name   varchar(40) NOT NULL,
    billing_email  shop.email,
    net            numeric(12, 2) NOT NULL,
    total          numeric(12, 2) GENERATED ALWAYS AS (round(net * 1.2, 2)) STORED,
    issued_on      date NOT NULL
);
CREATE INDEX ON shop.invoice (customer_id);
CREATE TABLE shop.ledger_entry (
    id         integer PRIMARY KEY,
    invoice_id integer NOT NULL REFERENCES shop.invoice,
    amount     numeric(12, 2) NOT NULL
);
CREATE INDEX ON shop.ledger_entry (invoice_id);

-- The application's own log: holds the customer's id as text, without a foreign key.
CREATE TABLE shop.app_log (id bigint PRIMARY KEY, customer_ref text NOT NULL, message text);
CREATE INDEX ON shop.app_log (customer_ref);

-- Personal data nothing links to a subject: a coverage gap.
CREATE TABLE shop.newsletter_signup (email text PRIMARY KEY);

-- Triggers of the application's own.
CREATE FUNCTION shop.touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
CREATE TRIGGER customer_touch BEFORE UPDATE ON shop.customer FOR EACH ROW EXECUTE FUNCTION shop.touch();
CREATE FUNCTION shop.count_rentals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE shop.stats SET value = value + (SELECT count(*) FROM gone) WHERE name = 'rentals_deleted';
    RETURN NULL;
END $$;
CREATE TRIGGER rental_count AFTER DELETE ON shop.rental REFERENCING OLD TABLE AS gone
    FOR EACH STATEMENT EXECUTE FUNCTION shop.count_rentals();

-- Customers 1..n with `rentals` rentals each (and a payment and note per rental), an
-- account, events in both years, page views, favorites, an invoice with a ledger entry,
-- log lines. Every 10th customer shares the address of the previous one; customer i
-- (i > 1, i % 7 = 0) was referred by customer i - 1.
CREATE FUNCTION shop.populate(n integer, rentals integer DEFAULT 3) RETURNS void LANGUAGE sql AS $$
    INSERT INTO shop.stats VALUES ('rentals_deleted', 0) ON CONFLICT DO NOTHING;
    INSERT INTO shop.address SELECT i, i || ' Main Street', 'Springfield' FROM generate_series(0, n) i;
    INSERT INTO shop.store VALUES (1, 'Downtown', 0), (2, 'Airport', NULL) ON CONFLICT DO NOTHING;
    INSERT INTO shop.film SELECT i, 'Film ' || i FROM generate_series(1, 20) i ON CONFLICT DO NOTHING;
    INSERT INTO shop.customer (id, email, full_name, tier, birth_date, address_id, referred_by, store_id)
    SELECT i, 'user' || i || '@example.com', 'User ' || i, CASE WHEN i % 3 = 0 THEN 'gold' ELSE 'basic' END::shop.tier,
           date '1970-01-01' + i % 15000, CASE WHEN i % 10 = 0 THEN i - 1 ELSE i END,
           CASE WHEN i > 1 AND i % 7 = 0 THEN i - 1 END, 1 + i % 2
      FROM generate_series(1, n) i;
    INSERT INTO shop.account SELECT i, i, i * 1.2345 FROM generate_series(1, n) i;
    UPDATE shop.customer SET primary_account_id = id, updated_at = '2024-01-01';
    INSERT INTO shop.rental SELECT (i - 1) * rentals + r, i, 1 + (i + r) % 20, date '2024-01-01' + r
      FROM generate_series(1, n) i, generate_series(1, rentals) r;
    INSERT INTO shop."Payment Lines" SELECT id, id, 3.99 + id % 5, 'paid; it''s "fine"' FROM shop.rental;
    INSERT INTO shop.payment_note SELECT id, id, 'note ' || id FROM shop."Payment Lines";
    INSERT INTO shop.rental_review SELECT id, customer_id, 1 + id % 5, 'review' FROM shop.rental WHERE id % 2 = 0;
    INSERT INTO shop.event SELECT i * 2 + y, i, make_date(2024 + y, 1 + i % 12, 1),
                                  jsonb_build_object('amount', 12.50, 'big', 12345678901234567890.123456789, 'n', i),
                                  ARRAY['a', 'b''c']
      FROM generate_series(1, n) i, generate_series(0, 1) y;
    INSERT INTO shop.page_view SELECT i, s, '/page/' || s FROM generate_series(1, n) i, generate_series(1, 2) s;
    INSERT INTO shop.favorite SELECT i, 1 + (i + f) % 20 FROM generate_series(1, n) i, generate_series(0, 1) f;
    INSERT INTO shop.invoice (id, customer_id, billing_name, billing_email, net, issued_on)
    SELECT i, i, 'User ' || i, 'user' || i || '@example.com', 10.00 + i % 100, date '2024-06-01' FROM generate_series(1, n) i;
    INSERT INTO shop.ledger_entry SELECT i, i, 12.00 + i % 100 FROM generate_series(1, n) i;
    INSERT INTO shop.app_log SELECT i, i::text, 'login from 10.0.0.' || i % 250 FROM generate_series(1, n) i;
    INSERT INTO shop.newsletter_signup VALUES ('someone@example.com') ON CONFLICT DO NOTHING;
$$;

-- The governance configuration a DPO would write for this schema.
CREATE FUNCTION shop.configure_privacy() RETURNS void LANGUAGE sql AS $$
    SELECT governance.classify('shop.customer', 'email', 'contact');
    SELECT governance.classify('shop.customer', 'full_name', 'direct_identifier');
    SELECT governance.classify('shop.customer', 'birth_date', 'quasi_identifier');
    SELECT governance.classify('shop.address', 'street', 'contact');
    SELECT governance.classify('shop.invoice', 'billing_name', 'direct_identifier');
    SELECT governance.classify('shop.invoice', 'billing_email', 'contact');
    SELECT governance.classify('shop."Payment Lines"', 'quote"d note', 'free_text');
    SELECT governance.classify('shop.app_log', 'message', 'free_text');
    SELECT governance.classify('shop.newsletter_signup', 'email', 'contact');
    SELECT privacy.register_subject('customer', 'shop.customer', 'id');
    SELECT privacy.link_table('shop.app_log', 'customer_ref', 'customer');
    SELECT privacy.own_parent('shop.customer', 'address_id');
    SELECT privacy.set_erasure_rule('shop.invoice', 'anonymize', 'tax law: invoices are kept 10 years');
    SELECT privacy.set_erasure_rule('shop.ledger_entry', 'retain', 'legal hold: bookkeeping');
$$;
