"""Labelled schemas for measuring `governance.discover_pii`: a shop, a CRM, a hospital, an
HR system and an event log with JSON payloads.

Each fixture is the DDL and data of one schema and the set of its columns that hold
personal data, labelled by these rules, applied the same way to every schema (and written
before the discovery rules were tuned, so that the rules do not define the labels):
- personal: values that identify, contact, locate or describe a person, or were inferred
  about one (a score, a segment); free text written by or about a person; health data of
  a patient; credentials of a person's account; identifiers of a person's device or
  session; a JSON document that holds any of these;
- not personal: surrogate and foreign keys (they link to personal data, erasure follows
  them), timestamps of records, status and yes/no flags, attributes of products,
  companies, wards, departments and other things that are not people.
The data is deterministic (values picked by hashing the row number) and looks like real
data: names in several scripts, e-mail addresses with non-ASCII letters, phone numbers in
national formats (French numbers in dotted pairs), historic order dates, version strings.
"""
from __future__ import annotations

from dataclasses import dataclass

import psycopg

# Helpers for the data below, in pg_temp: gone with the session that loaded the fixture.
HELPERS = r"""
CREATE FUNCTION pg_temp.pick(options text[], i bigint, salt int DEFAULT 0) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT options[1 + pg_catalog.abs(pg_catalog.hashint8(i * 7919 + salt)) % pg_catalog.cardinality(options)]
$$;
CREATE FUNCTION pg_temp.num(i bigint, salt int, modulo int) RETURNS int
LANGUAGE sql IMMUTABLE AS $$ SELECT (pg_catalog.abs(pg_catalog.hashint8(i * 104729 + salt)) % modulo)::int $$;
CREATE FUNCTION pg_temp.first_name(i bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT pg_temp.pick(ARRAY['Anna', 'Jean', 'Stanisław', 'Zoë', 'Mohammed', 'Li', 'José', 'Émilie', 'Olga',
                              'Kwame', 'Sven', 'Priya', 'Chloé', 'Björn', 'Aiko', 'Fatima', 'Liam', 'Noor'], i, 1) $$;
CREATE FUNCTION pg_temp.last_name(i bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT pg_temp.pick(ARRAY['Wójcik', 'Dupont', 'Smith', 'García', 'Müller', 'Nakamura', 'Okafor', 'Rossi',
                              'Kowalski', 'Haddad', 'Lefèvre', 'Johansson', 'Nguyen', 'O''Brien'], i, 2) $$;
CREATE FUNCTION pg_temp.email(i bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT pg_catalog.lower(pg_catalog.replace(pg_temp.first_name(i) || '.' || pg_temp.last_name(i), '''', ''))
           || CASE WHEN i % 3 = 0 THEN (i % 97)::text ELSE '' END || '@'
           || pg_temp.pick(ARRAY['wp.pl', 'gmail.com', 'orange.fr', 'example.org', 'web.de', 'mail.co.uk'], i, 3) $$;
CREATE FUNCTION pg_temp.phone(i bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE i % 4
        WHEN 0 THEN pg_catalog.format('0%s.%s.%s.%s.%s', 1 + i % 7, 10 + pg_temp.num(i, 1, 90), 10 + pg_temp.num(i, 2, 90),
                                      10 + pg_temp.num(i, 3, 90), 10 + pg_temp.num(i, 4, 90))
        WHEN 1 THEN pg_catalog.format('+1 (%s) 555-%s', 200 + pg_temp.num(i, 5, 700), pg_catalog.lpad(pg_temp.num(i, 6, 10000)::text, 4, '0'))
        WHEN 2 THEN pg_catalog.format('+44 20 7946 %s', pg_catalog.lpad(pg_temp.num(i, 7, 10000)::text, 4, '0'))
        ELSE pg_catalog.format('+48 %s %s %s', 500 + pg_temp.num(i, 8, 400), 100 + pg_temp.num(i, 9, 900), 100 + pg_temp.num(i, 10, 900))
    END $$;
CREATE FUNCTION pg_temp.street(i bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT (1 + pg_temp.num(i, 11, 200))::text || ' ' || pg_temp.pick(ARRAY['rue de la Paix', 'Main Street', 'ul. Długa',
           'Hauptstraße', 'Baker Street', 'Via Roma', 'Calle Mayor'], i, 4) $$;
CREATE FUNCTION pg_temp.city(i bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT pg_temp.pick(ARRAY['Paris', 'Kraków', 'Berlin', 'London', 'Madrid', 'Lagos', 'Osaka', 'Boston', 'Lyon'], i, 5) $$;
CREATE FUNCTION pg_temp.country(i bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT pg_temp.pick(ARRAY['FR', 'PL', 'DE', 'GB', 'ES', 'NG', 'JP', 'US'], i, 6) $$;
CREATE FUNCTION pg_temp.postcode(i bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE i % 3 WHEN 0 THEN pg_catalog.lpad(pg_temp.num(i, 12, 99999)::text, 5, '0')
                      WHEN 1 THEN (10 + pg_temp.num(i, 13, 89))::text || '-' || pg_catalog.lpad(pg_temp.num(i, 14, 999)::text, 3, '0')
                      ELSE 'SW' || (1 + i % 9) || ' ' || (1 + i % 8) || 'AB' END $$;
CREATE FUNCTION pg_temp.card(i bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT pg_temp.pick(ARRAY['4111 1111 1111 1111', '5500 0000 0000 0004', '3782 822463 10005', '4012 8888 8888 1881',
                              '6011 1111 1111 1117', '5105 1051 0510 5100'], i, 7) $$;
CREATE FUNCTION pg_temp.birth(i bigint) RETURNS date LANGUAGE sql IMMUTABLE AS $$
    SELECT date '1935-01-01' + pg_temp.num(i, 15, 365 * 70) $$;
CREATE FUNCTION pg_temp.ip(i bigint) RETURNS inet LANGUAGE sql IMMUTABLE AS $$
    SELECT pg_catalog.format('%s.%s.%s.%s', 1 + pg_temp.num(i, 16, 223), pg_temp.num(i, 17, 256), pg_temp.num(i, 18, 256),
                             1 + pg_temp.num(i, 19, 254))::inet $$;
CREATE FUNCTION pg_temp.user_agent(i bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT pg_temp.pick(ARRAY['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36',
                              'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148',
                              'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0'], i, 8) $$;
"""

SHOP = r"""
CREATE SCHEMA shop;
CREATE TABLE shop.customers (id integer PRIMARY KEY, first_name text NOT NULL, last_name text NOT NULL, email text,
    phone text, birth_date date, gender text, locale text, loyalty_tier text, marketing_opt_in boolean,
    email_verified boolean, created_at timestamptz NOT NULL);
INSERT INTO shop.customers SELECT i, pg_temp.first_name(i), pg_temp.last_name(i), pg_temp.email(i), pg_temp.phone(i),
    pg_temp.birth(i), pg_temp.pick(ARRAY['female', 'male', 'non-binary', NULL], i, 20),
    pg_temp.pick(ARRAY['fr_FR', 'pl_PL', 'en_GB', 'de_DE'], i, 21), pg_temp.pick(ARRAY['bronze', 'silver', 'gold'], i, 22),
    i % 2 = 0, i % 5 <> 0, timestamptz '2019-01-01' + i * interval '7 hours' FROM generate_series(1, 400) i;
CREATE TABLE shop.addresses (id integer PRIMARY KEY, customer_id integer REFERENCES shop.customers, street text,
    city text, postal_code text, country text, is_default boolean);
INSERT INTO shop.addresses SELECT i, 1 + i % 400, pg_temp.street(i), pg_temp.city(i), pg_temp.postcode(i),
    pg_temp.country(i), i % 3 = 0 FROM generate_series(1, 500) i;
CREATE TABLE shop.products (id integer PRIMARY KEY, sku text, name text, description text, price numeric(10, 2),
    category text, created_at timestamptz);
INSERT INTO shop.products SELECT i, 'SKU-' || lpad(i::text, 6, '0'),
    pg_temp.pick(ARRAY['Desk lamp', 'Coffee grinder', 'Rain jacket', 'Yoga mat', 'Chef knife'], i, 23) || ' ' || i,
    'A sturdy product, model ' || i || ', shipped in recycled packaging.', 5 + i % 200,
    pg_temp.pick(ARRAY['home', 'kitchen', 'outdoor', 'sport'], i, 24), timestamptz '2020-01-01' + i * interval '1 day'
  FROM generate_series(1, 120) i;
CREATE TABLE shop.genres (id integer PRIMARY KEY, name text);
INSERT INTO shop.genres VALUES (1, 'Rock'), (2, 'Jazz'), (3, 'Classical'), (4, 'Hip hop'), (5, 'Folk');
CREATE TABLE shop.playlists (id integer PRIMARY KEY, name text, created_at timestamptz);
INSERT INTO shop.playlists SELECT i, pg_temp.pick(ARRAY['Summer hits', 'Focus', 'Road trip', 'Workout'], i, 25) || ' ' || i,
    now() - i * interval '3 days' FROM generate_series(1, 40) i;
CREATE TABLE shop.orders (id integer PRIMARY KEY, customer_id integer REFERENCES shop.customers, ordered_at timestamp,
    order_date date, status text, ship_address text, ship_city text, ship_postal_code text, ship_country text,
    billing_address text, total numeric(10, 2), coupon_code text, notes text);
INSERT INTO shop.orders SELECT i, 1 + i % 400, timestamp '2009-01-01 08:13' + i * interval '97 minutes',
    date '2009-01-01' + i / 10, pg_temp.pick(ARRAY['shipped', 'delivered', 'cancelled', 'pending'], i, 26),
    pg_temp.street(i), pg_temp.city(i), pg_temp.postcode(i), pg_temp.country(i), pg_temp.street(i + 7),
    10 + i % 300, CASE WHEN i % 9 = 0 THEN 'SPRING' || i % 20 END,
    CASE i % 6 WHEN 0 THEN 'Leave at the door' WHEN 1 THEN 'Gift: please do not include the invoice'
               WHEN 2 THEN 'Call ' || pg_temp.first_name(i) || ' on arrival' END
  FROM generate_series(1, 800) i;
CREATE TABLE shop.order_items (order_id integer REFERENCES shop.orders, product_id integer REFERENCES shop.products,
    quantity integer, unit_price numeric(10, 2), PRIMARY KEY (order_id, product_id));
INSERT INTO shop.order_items SELECT 1 + i % 800, 1 + i % 120, 1 + i % 4, 5 + i % 200 FROM generate_series(1, 900) i
    ON CONFLICT DO NOTHING;
CREATE TABLE shop.payments (id integer PRIMARY KEY, order_id integer REFERENCES shop.orders, card_number text,
    card_holder text, amount numeric(10, 2), paid_at timestamptz, ip_address inet, user_agent text);
INSERT INTO shop.payments SELECT i, i, pg_temp.card(i), pg_temp.first_name(i) || ' ' || pg_temp.last_name(i),
    10 + i % 300, timestamptz '2009-01-01' + i * interval '97 minutes', pg_temp.ip(i), pg_temp.user_agent(i)
  FROM generate_series(1, 800) i;
CREATE TABLE shop.reviews (id integer PRIMARY KEY, product_id integer REFERENCES shop.products,
    customer_id integer REFERENCES shop.customers, rating integer, title text, body text, created_at timestamptz);
INSERT INTO shop.reviews SELECT i, 1 + i % 120, 1 + i % 400, 1 + i % 5,
    pg_temp.pick(ARRAY['Great', 'Not bad', 'Broke after a week', 'Value for money'], i, 27),
    CASE WHEN i % 40 = 0 THEN 'Seller never answered, write to me at ' || pg_temp.email(i) || ' if you had the same issue.'
         ELSE 'I bought this ' || (i % 12 + 1) || ' months ago and it still works. ' ||
              pg_temp.pick(ARRAY['Would buy again.', 'Delivery was slow.', 'Good quality.'], i, 28) END,
    now() - i * interval '1 day' FROM generate_series(1, 300) i;
CREATE TABLE shop.shipments (id integer PRIMARY KEY, order_id integer REFERENCES shop.orders, state text,
    carrier text, tracking_number text, shipped_at timestamptz);
INSERT INTO shop.shipments SELECT i, i, pg_temp.pick(ARRAY['in_transit', 'delivered', 'returned'], i, 29),
    pg_temp.pick(ARRAY['UPS', 'DHL', 'La Poste'], i, 30), '1Z' || lpad((i * 7919)::text, 12, '0'),
    timestamptz '2009-01-02' + i * interval '97 minutes' FROM generate_series(1, 700) i;
CREATE TABLE shop.app_settings (key text PRIMARY KEY, value text, updated_at timestamptz);
INSERT INTO shop.app_settings VALUES ('schema_version', '2024-06-01', now()), ('currency', 'EUR', now());
"""
SHOP_LABELS = {
    "customers": {"first_name", "last_name", "email", "phone", "birth_date", "gender", "locale", "loyalty_tier"},
    "addresses": {"street", "city", "postal_code", "country"},
    "orders": {"ship_address", "ship_city", "ship_postal_code", "ship_country", "billing_address", "notes"},
    "payments": {"card_number", "card_holder", "ip_address", "user_agent"},
    "reviews": {"body"},
}

CRM = r"""
CREATE SCHEMA crm;
CREATE TABLE crm.accounts (id integer PRIMARY KEY, name text, industry text, website text, phone text,
    annual_revenue numeric, country text);
INSERT INTO crm.accounts SELECT i, pg_temp.pick(ARRAY['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli'], i, 31) || ' ' || i || ' Ltd',
    pg_temp.pick(ARRAY['retail', 'software', 'logistics', 'health'], i, 32), 'https://www.company' || i || '.example',
    '+33 1 ' || (40 + i % 50) || ' 00 00 00', 1000000 + i * 1000, pg_temp.country(i) FROM generate_series(1, 80) i;
CREATE TABLE crm.contacts (id integer PRIMARY KEY, account_id integer REFERENCES crm.accounts, first_name text,
    last_name text, email text, phone text, job_title text, department text, linkedin_url text, notes text,
    lead_score integer, created_at timestamptz);
INSERT INTO crm.contacts SELECT i, 1 + i % 80, pg_temp.first_name(i), pg_temp.last_name(i), pg_temp.email(i),
    pg_temp.phone(i), pg_temp.pick(ARRAY['CFO', 'Head of IT', 'Buyer', 'Office manager', 'CEO'], i, 33),
    pg_temp.pick(ARRAY['Finance', 'IT', 'Procurement', 'Operations'], i, 34),
    'https://www.linkedin.com/in/' || lower(pg_temp.last_name(i)) || i,
    CASE WHEN i % 4 = 0 THEN 'Met at the trade fair; prefers calls after 4pm.' WHEN i % 4 = 1 THEN 'On parental leave until March.' END,
    pg_temp.num(i, 35, 100), now() - i * interval '1 day' FROM generate_series(1, 350) i;
CREATE TABLE crm.leads (id integer PRIMARY KEY, full_name text, company text, email text, source text,
    status text, score integer, region text);
INSERT INTO crm.leads SELECT i, pg_temp.first_name(i + 3) || ' ' || pg_temp.last_name(i + 5),
    pg_temp.pick(ARRAY['Acme', 'Globex', 'Initech'], i, 36), pg_temp.email(i + 11),
    pg_temp.pick(ARRAY['webinar', 'referral', 'ads'], i, 37), pg_temp.pick(ARRAY['new', 'qualified', 'lost'], i, 38),
    pg_temp.num(i, 39, 100), pg_temp.pick(ARRAY['EMEA', 'Île-de-France', 'Bavaria', 'Ontario'], i, 40)
  FROM generate_series(1, 300) i;
CREATE TABLE crm.activities (id integer PRIMARY KEY, contact_id integer REFERENCES crm.contacts, type text,
    subject text, body text, occurred_at timestamptz);
INSERT INTO crm.activities SELECT i, 1 + i % 350, pg_temp.pick(ARRAY['call', 'email', 'meeting'], i, 41),
    pg_temp.pick(ARRAY['Renewal', 'Pricing question', 'Onboarding'], i, 42),
    CASE WHEN i % 25 = 0 THEN 'Asked us to use her private address ' || pg_temp.email(i + 1) || ' from now on.'
         ELSE 'Discussed the ' || pg_temp.pick(ARRAY['renewal', 'upgrade', 'invoice'], i, 43) || ' for ticket ' || (1000 + i) || '.' END,
    now() - i * interval '5 hours' FROM generate_series(1, 500) i;
CREATE TABLE crm.deals (id integer PRIMARY KEY, account_id integer REFERENCES crm.accounts, name text, amount numeric,
    stage text, close_date date);
INSERT INTO crm.deals SELECT i, 1 + i % 80, 'Renewal ' || (2015 + i % 10), 5000 + i * 10,
    pg_temp.pick(ARRAY['prospecting', 'negotiation', 'won', 'lost'], i, 44), date '2015-01-01' + i * 3
  FROM generate_series(1, 200) i;
CREATE TABLE crm.users (id integer PRIMARY KEY, username text, email text, password_hash text, role text,
    last_login_at timestamptz, last_login_ip inet);
INSERT INTO crm.users SELECT i, lower(pg_temp.first_name(i)) || i, pg_temp.email(i + 500),
    '$2b$12$' || md5(i::text) || md5((i + 1)::text), pg_temp.pick(ARRAY['sales', 'admin'], i, 45),
    now() - i * interval '2 hours', pg_temp.ip(i) FROM generate_series(1, 30) i;
"""
CRM_LABELS = {
    "contacts": {"first_name", "last_name", "email", "phone", "job_title", "department", "linkedin_url", "notes",
                 "lead_score"},
    "leads": {"full_name", "email", "score", "region"},
    "activities": {"body"},
    "users": {"username", "email", "password_hash", "last_login_ip"},
}

HOSPITAL = r"""
CREATE SCHEMA clinic;
CREATE TABLE clinic.patients (id integer PRIMARY KEY, mrn text UNIQUE, first_name text, last_name text,
    date_of_birth timestamp, sex text, ethnicity text, address text, city text, postcode text, phone text, email text,
    insurance_number text, emergency_contact_name text, emergency_contact_phone text, blood_type text,
    registered_at timestamptz);
INSERT INTO clinic.patients SELECT i, 'MRN' || lpad(i::text, 7, '0'), pg_temp.first_name(i), pg_temp.last_name(i),
    pg_temp.birth(i)::timestamp, pg_temp.pick(ARRAY['F', 'M', 'X'], i, 50),
    pg_temp.pick(ARRAY['White', 'Black', 'Asian', 'Hispanic', 'Other'], i, 51), pg_temp.street(i), pg_temp.city(i),
    pg_temp.postcode(i), pg_temp.phone(i), CASE WHEN i % 3 <> 0 THEN pg_temp.email(i) END,
    pg_temp.pick(ARRAY['AB', 'XK', 'QZ'], i, 52) || lpad((i * 7)::text, 9, '0'),
    pg_temp.first_name(i + 9) || ' ' || pg_temp.last_name(i + 4), pg_temp.phone(i + 13),
    pg_temp.pick(ARRAY['A+', 'O-', 'B+', 'AB+'], i, 53), now() - i * interval '11 hours'
  FROM generate_series(1, 400) i;
CREATE TABLE clinic.wards (id integer PRIMARY KEY, name text, building text, floor integer, capacity integer);
INSERT INTO clinic.wards SELECT i, pg_temp.pick(ARRAY['Cardiology', 'Maternity', 'Oncology', 'Surgery'], i, 54) || ' ' || i,
    'Building ' || chr(65 + i % 4), i % 6, 20 + i FROM generate_series(1, 12) i;
CREATE TABLE clinic.staff (id integer PRIMARY KEY, full_name text, license_number text, email text, phone text,
    ward_id integer REFERENCES clinic.wards, hired_on date);
INSERT INTO clinic.staff SELECT i, 'Dr. ' || pg_temp.first_name(i + 2) || ' ' || pg_temp.last_name(i + 8),
    'LIC-' || (10000 + i), pg_temp.email(i + 900), pg_temp.phone(i + 900), 1 + i % 12, date '1995-01-01' + i * 97
  FROM generate_series(1, 60) i;
CREATE TABLE clinic.encounters (id integer PRIMARY KEY, patient_id integer REFERENCES clinic.patients,
    ward_id integer REFERENCES clinic.wards, admitted_at timestamptz, discharged_at timestamptz, reason text,
    diagnosis_code text, attending_id integer REFERENCES clinic.staff);
INSERT INTO clinic.encounters SELECT i, 1 + i % 400, 1 + i % 12, timestamptz '2015-03-01 10:20' + i * interval '13 hours',
    timestamptz '2015-03-03 16:05' + i * interval '13 hours',
    pg_temp.pick(ARRAY['Chest pain', 'Fall at home', 'Routine delivery', 'Shortness of breath'], i, 55),
    pg_temp.pick(ARRAY['I20.9', 'S72.0', 'O80', 'J44.1', 'E11.9'], i, 56), 1 + i % 60 FROM generate_series(1, 900) i;
CREATE TABLE clinic.prescriptions (id integer PRIMARY KEY, encounter_id integer REFERENCES clinic.encounters,
    drug text, dosage text, instructions text, prescribed_at timestamptz);
INSERT INTO clinic.prescriptions SELECT i, 1 + i % 900, pg_temp.pick(ARRAY['Metformin', 'Atorvastatin', 'Salbutamol', 'Paracetamol'], i, 57),
    (250 * (1 + i % 4)) || ' mg', 'Twice a day after meals', timestamptz '2015-03-01' + i * interval '13 hours'
  FROM generate_series(1, 700) i;
CREATE TABLE clinic.lab_results (id integer PRIMARY KEY, patient_id integer REFERENCES clinic.patients,
    test_code text, value numeric, unit text, collected_at timestamptz);
INSERT INTO clinic.lab_results SELECT i, 1 + i % 400, pg_temp.pick(ARRAY['HbA1c', 'LDL', 'CRP'], i, 58),
    (i % 90) / 10.0, pg_temp.pick(ARRAY['%', 'mmol/L', 'mg/L'], i, 59), timestamptz '2016-01-01' + i * interval '5 hours'
  FROM generate_series(1, 800) i;
CREATE TABLE clinic.appointments (id integer PRIMARY KEY, patient_id integer REFERENCES clinic.patients,
    staff_id integer REFERENCES clinic.staff, scheduled_at timestamptz, status text, notes text);
INSERT INTO clinic.appointments SELECT i, 1 + i % 400, 1 + i % 60, now() + i * interval '3 hours',
    pg_temp.pick(ARRAY['booked', 'attended', 'no-show'], i, 60),
    CASE WHEN i % 5 = 0 THEN 'Needs an interpreter (Polish)' WHEN i % 5 = 1 THEN 'Wheelchair access' END
  FROM generate_series(1, 500) i;
"""
HOSPITAL_LABELS = {
    "patients": {"mrn", "first_name", "last_name", "date_of_birth", "sex", "ethnicity", "address", "city", "postcode",
                 "phone", "email", "insurance_number", "emergency_contact_name", "emergency_contact_phone", "blood_type"},
    "staff": {"full_name", "license_number", "email", "phone"},
    "encounters": {"reason", "diagnosis_code"},
    "prescriptions": {"drug", "dosage", "instructions"},
    "lab_results": {"test_code", "value"},
    "appointments": {"notes"},
}

HR = r"""
CREATE SCHEMA hr;
CREATE TABLE hr.departments (id integer PRIMARY KEY, name text, cost_center text);
INSERT INTO hr.departments SELECT i, pg_temp.pick(ARRAY['Finance', 'Engineering', 'Sales', 'Legal'], i, 61) || ' ' || i,
    'CC-' || (100 + i) FROM generate_series(1, 15) i;
CREATE TABLE hr.employees (id integer PRIMARY KEY, employee_number text, first_name text, last_name text,
    preferred_name text, work_email text, personal_email text, mobile_phone text, home_address text, city text,
    country text, date_of_birth date, gender text, nationality text, marital_status text, hire_date date,
    termination_date date, job_title text, department_id integer REFERENCES hr.departments, manager_id integer,
    bank_account text, national_id text, ethnicity text, union_member boolean);
INSERT INTO hr.employees SELECT i, 'E' || lpad(i::text, 5, '0'), pg_temp.first_name(i), pg_temp.last_name(i),
    CASE WHEN i % 4 = 0 THEN pg_temp.first_name(i + 1) END, lower(pg_temp.last_name(i)) || i || '@corp.example',
    pg_temp.email(i), pg_temp.phone(i), pg_temp.street(i), pg_temp.city(i), pg_temp.country(i), pg_temp.birth(i),
    pg_temp.pick(ARRAY['female', 'male'], i, 62), pg_temp.pick(ARRAY['French', 'Polish', 'German', 'Nigerian'], i, 63),
    pg_temp.pick(ARRAY['single', 'married', 'divorced'], i, 64), date '1990-01-01' + pg_temp.num(i, 65, 12400),
    CASE WHEN i % 7 = 0 THEN date '2024-01-01' + i END, pg_temp.pick(ARRAY['Accountant', 'Engineer', 'Paralegal'], i, 66),
    1 + i % 15, NULLIF(i / 10, 0), 'FR76 3000 6000 01' || lpad(i::text, 10, '0') || ' 189',
    lpad((i * 7919 % 1000)::text, 3, '0') || '-' || lpad((i % 90 + 10)::text, 2, '0') || '-' || lpad((i * 31 % 10000)::text, 4, '0'),
    pg_temp.pick(ARRAY['White', 'Black', 'Asian', 'Mixed'], i, 67), i % 3 = 0 FROM generate_series(1, 300) i;
CREATE TABLE hr.compensation (employee_id integer REFERENCES hr.employees, effective_date date, base_salary numeric,
    bonus numeric, currency text, PRIMARY KEY (employee_id, effective_date));
INSERT INTO hr.compensation SELECT 1 + i % 300, date '2015-01-01' + i, 30000 + i * 100, i % 5 * 1000, 'EUR'
  FROM generate_series(1, 600) i;
CREATE TABLE hr.leave_requests (id integer PRIMARY KEY, employee_id integer REFERENCES hr.employees, kind text,
    starts_on date, ends_on date, reason text, approved_by integer);
INSERT INTO hr.leave_requests SELECT i, 1 + i % 300, pg_temp.pick(ARRAY['vacation', 'sick', 'parental'], i, 68),
    date '2023-01-01' + i, date '2023-01-05' + i,
    CASE WHEN i % 3 = 0 THEN 'Surgery on my knee' WHEN i % 3 = 1 THEN 'Family trip' END, 1 + i % 30
  FROM generate_series(1, 400) i;
CREATE TABLE hr.performance_reviews (id integer PRIMARY KEY, employee_id integer REFERENCES hr.employees,
    period text, rating integer, comments text, reviewer_id integer REFERENCES hr.employees);
INSERT INTO hr.performance_reviews SELECT i, 1 + i % 300, (2018 + i % 6)::text, 1 + i % 5,
    pg_temp.pick(ARRAY['Exceeds expectations in client work.', 'Needs to improve punctuality.', 'Strong team player.'], i, 69),
    1 + i % 30 FROM generate_series(1, 500) i;
"""
HR_LABELS = {
    "employees": {"employee_number", "first_name", "last_name", "preferred_name", "work_email", "personal_email",
                  "mobile_phone", "home_address", "city", "country", "date_of_birth", "gender", "nationality",
                  "marital_status", "hire_date", "termination_date", "job_title", "bank_account", "national_id",
                  "ethnicity", "union_member"},
    "compensation": {"base_salary", "bonus"},
    "leave_requests": {"reason"},
    "performance_reviews": {"rating", "comments"},
}

EVENTS = r"""
CREATE SCHEMA events;
CREATE TABLE events.event_types (name text PRIMARY KEY, description text);
INSERT INTO events.event_types VALUES ('page_view', 'A page was shown'), ('signup', 'An account was created'),
    ('checkout', 'An order was placed'), ('app_open', 'The mobile app was opened');
CREATE TABLE events.sessions (id uuid PRIMARY KEY, user_id bigint, started_at timestamptz, ip_address inet,
    device_id text, app_version text, locale text);
INSERT INTO events.sessions SELECT md5('s' || i)::uuid, i % 500, now() - i * interval '1 hour', pg_temp.ip(i),
    upper(md5('device' || i % 300)), pg_temp.pick(ARRAY['2024.06.1', '2024.07.0', '3.2.1'], i, 70),
    pg_temp.pick(ARRAY['fr-FR', 'en-US', 'pl-PL'], i, 71) FROM generate_series(1, 600) i;
CREATE TABLE events.events (id bigint PRIMARY KEY, occurred_at timestamptz, event_type text REFERENCES events.event_types,
    user_id bigint, session_id uuid, anonymous_id text, ip inet, user_agent text, page_url text, referrer text,
    country text, app_version text, payload jsonb);
INSERT INTO events.events SELECT i, now() - i * interval '37 seconds',
    (ARRAY['page_view', 'signup', 'checkout', 'app_open'])[1 + i % 4], i % 500, md5('s' || i % 600)::uuid,
    'anon-' || md5((i % 700)::text), pg_temp.ip(i), pg_temp.user_agent(i), 'https://shop.example/p/' || i % 90,
    pg_temp.pick(ARRAY['https://www.google.com/', NULL, 'https://news.example/'], i, 72), pg_temp.country(i),
    pg_temp.pick(ARRAY['2024.06.1', '2024.07.0'], i, 73),
    CASE i % 4
        WHEN 0 THEN jsonb_build_object('path', '/p/' || i % 90, 'duration_ms', i % 5000)
        WHEN 1 THEN jsonb_build_object('email', pg_temp.email(i), 'name', pg_temp.first_name(i) || ' ' || pg_temp.last_name(i),
                                       'marketing', i % 2 = 0, 'plan', 'free')
        WHEN 2 THEN jsonb_build_object('order_id', i, 'total', i % 300, 'currency', 'EUR',
                                       'shipping', jsonb_build_object('street', pg_temp.street(i), 'city', pg_temp.city(i),
                                                                      'postalCode', pg_temp.postcode(i), 'phone', pg_temp.phone(i)),
                                       'items', jsonb_build_array(jsonb_build_object('sku', 'SKU-' || i % 90, 'qty', 1)))
        ELSE jsonb_build_object('device', jsonb_build_object('model', 'Pixel 7', 'os', 'Android 14',
                                                             'advertisingId', md5('ad' || i)::uuid),
                                'location', jsonb_build_object('lat', 48.85 + (i % 100) / 1000.0, 'lon', 2.35 + (i % 50) / 1000.0))
    END
  FROM generate_series(1, 2000) i;
CREATE TABLE events.webhooks_outbox (id bigint PRIMARY KEY, topic text, payload jsonb, created_at timestamptz,
    delivered boolean);
INSERT INTO events.webhooks_outbox SELECT i, 'order.updated',
    jsonb_build_object('order_id', i, 'status', (ARRAY['paid', 'shipped'])[1 + i % 2], 'amount', i % 300, 'attempt', 1),
    now() - i * interval '1 minute', true FROM generate_series(1, 300) i;
"""
EVENTS_LABELS = {
    "sessions": {"ip_address", "device_id"},
    "events": {"session_id", "anonymous_id", "ip", "user_agent", "country", "payload"},
}


@dataclass(frozen=True)
class Fixture:
    name: str
    schema: str
    sql: str
    labels: dict[str, set[str]]

    @property
    def personal(self) -> set[tuple[str, str]]:
        return {(table, column) for table, columns in self.labels.items() for column in columns}


FIXTURES = (
    Fixture("shop", "shop", SHOP, SHOP_LABELS),
    Fixture("crm", "crm", CRM, CRM_LABELS),
    Fixture("hospital", "clinic", HOSPITAL, HOSPITAL_LABELS),
    Fixture("hr", "hr", HR, HR_LABELS),
    Fixture("event log", "events", EVENTS, EVENTS_LABELS),
)


def load(conn: psycopg.Connection, fixtures: tuple[Fixture, ...] = FIXTURES) -> None:
    """Creates every fixture's schema and data (in the current transaction), then ANALYZE."""
    conn.execute(HELPERS)
    for fixture in fixtures:
        conn.execute(fixture.sql)
    for fixture in fixtures:
        for (table,) in conn.execute("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                     "WHERE n.nspname = %s AND c.relkind = 'r'", (fixture.schema,)).fetchall():
            conn.execute(f'ANALYZE "{fixture.schema}"."{table}"')


@dataclass(frozen=True)
class Score:
    fixture: str
    proposed: set[tuple[str, str]]
    personal: set[tuple[str, str]]

    @property
    def true_positives(self) -> set[tuple[str, str]]:
        return self.proposed & self.personal

    @property
    def precision(self) -> float:
        return len(self.true_positives) / len(self.proposed) if self.proposed else 1.0

    @property
    def recall(self) -> float:
        return len(self.true_positives) / len(self.personal) if self.personal else 1.0


def measure(conn: psycopg.Connection, fixtures: tuple[Fixture, ...] = FIXTURES) -> list[Score]:
    """discover_pii on each fixture's schema, scored against its labels; the last score is
    all fixtures together (micro-averaged: every column counts once)."""
    scores = []
    for fixture in fixtures:
        rows = conn.execute("SELECT c.relname, d.column_name FROM governance.discover_pii(%s) d "
                            "JOIN pg_class c ON c.oid = d.table_name", (fixture.schema,)).fetchall()
        scores.append(Score(fixture.name, {(t, c) for t, c in rows}, fixture.personal))
    scores.append(Score("overall", {(s.fixture, *p) for s in scores for p in s.proposed},
                        {(s.fixture, *p) for s in scores for p in s.personal}))
    return scores
