-- Each mistake issue 20 reported of discover_pii on public schemas, reproduced on a
-- small schema, and the bulk acceptance of proposals with its filters and dry run.
BEGIN;
SELECT plan(25);

CREATE SCHEMA music;
CREATE TABLE music.genres (id integer PRIMARY KEY, name text);
CREATE TABLE music.playlists (id integer PRIMARY KEY, name text);
CREATE TABLE music.tracks (id integer PRIMARY KEY, name text, album_id integer);
CREATE TABLE music.media_types (id integer PRIMARY KEY, name text);
CREATE TABLE music.reports (id integer PRIMARY KEY, name text, state text, region text);
CREATE TABLE music.customers (id integer PRIMARY KEY, name text, contact_name text, billing_address text,
    home_address text, city text, state text, country text, region text, postal_code text, title text,
    user_agent text, notes text, phone text, email text, born timestamp, created timestamp);
INSERT INTO music.genres SELECT i, 'Genre ' || i FROM generate_series(1, 20) i;
INSERT INTO music.playlists SELECT i, 'Playlist ' || i FROM generate_series(1, 20) i;
INSERT INTO music.tracks SELECT i, 'Track ' || i, i FROM generate_series(1, 20) i;
INSERT INTO music.media_types SELECT i, 'MPEG ' || i FROM generate_series(1, 5) i;
INSERT INTO music.reports SELECT i, 'Quarterly ' || i, 'draft', 'EMEA' FROM generate_series(1, 5) i;
INSERT INTO music.customers
SELECT i, 'Ann ' || i, 'Bob ' || i, i || ' Main St', i || ' Elm St', 'Lyon', 'Rhône', 'FR', 'ARA', '6900' || i % 10, 'CFO',
       'Mozilla/5.0 (X11; Linux x86_64)', 'prefers e-mail',
       -- French numbers in dotted pairs, which read as IPv4 addresses one by one
       '0' || (1 + i % 5) || '.' || (10 + i % 89) || '.' || (10 + i % 80) || '.' || (10 + i % 70) || '.' || (10 + i % 60),
       (ARRAY['stanisław.wójcik', 'zoë.lefèvre', 'łukasz.nowak', 'jürgen.müller'])[1 + i % 4] || i || '@wp.pl',
       timestamp '1940-01-01' + (i * 367) * interval '1 day' * 5, timestamp '2024-01-01 09:14' + i * interval '1 hour'
  FROM generate_series(1, 40) i;

-- Orders from long ago and hires spread over two years: old dates, no birth dates.
CREATE TABLE music.invoices (id integer PRIMARY KEY, customer_id integer REFERENCES music.customers, invoice_date timestamp,
    ship_address text, billing_city text, total numeric);
INSERT INTO music.invoices SELECT i, 1 + i % 40, timestamp '2009-01-01' + i * interval '1 day', i || ' Quai Est', 'Paris', i
  FROM generate_series(1, 300) i;
CREATE TABLE music.employees (id integer PRIMARY KEY, hire_day date, birthday_ts timestamp, payload text);
INSERT INTO music.employees SELECT i, date '2002-04-01' + i * 2, timestamp '1950-01-01' + (i * 211) * interval '1 day', NULL
  FROM generate_series(1, 100) i;
-- A birth date stored as a timestamp, under a name that says nothing.
CREATE TABLE music.members (id integer PRIMARY KEY, d1 timestamp);
INSERT INTO music.members SELECT i, timestamp '1945-06-01' + (i * 60) * interval '1 day' FROM generate_series(1, 300) i;
-- A free-text column holding 150 SSNs and 150 e-mail addresses.
CREATE TABLE music.contact_log (id integer PRIMARY KEY, contact text);
INSERT INTO music.contact_log SELECT i, CASE WHEN i % 2 = 0 THEN '078-05-' || lpad(i::text, 4, '0') ELSE 'p' || i || '@example.org' END
  FROM generate_series(1, 300) i;
-- One row of configuration whose version looks like a date.
CREATE TABLE music.settings (key text PRIMARY KEY, value text);
INSERT INTO music.settings VALUES ('version', '2024-06-01');
-- An event log whose payloads hold e-mail addresses, a name and a location.
CREATE TABLE music.events (id integer PRIMARY KEY, kind text, payload jsonb, data jsonb, raw json);
INSERT INTO music.events SELECT i, 'signup',
       jsonb_build_object('user', jsonb_build_object('emailAddress', 'u' || i || '@example.com', 'name', 'Ann ' || i),
                          'geo', jsonb_build_object('city', 'Lyon')),
       jsonb_build_object('sku', 'SKU-' || i, 'qty', i % 3),
       -- json keeps what jsonb refuses: a NUL escape must not stop discovery
       CASE WHEN i % 2 = 0 THEN '{"note": "a\u0000b"}' ELSE '{"contact": {"phone": "+33 1 88 60 15 31"}}' END::json
  FROM generate_series(1, 50) i;

CREATE TEMP TABLE found AS SELECT d.*, c.relname::text AS tbl FROM governance.discover_pii('music') d
  JOIN pg_class c ON c.oid = d.table_name;

SELECT is((SELECT count(*)::int FROM found WHERE column_name = 'name' AND tbl IN ('genres', 'playlists', 'tracks', 'media_types', 'reports')), 0,
          'name is no identifier in a table of genres, playlists, tracks, media types or reports');
SELECT is((SELECT category FROM found WHERE tbl = 'customers' AND column_name = 'name'), 'direct_identifier',
          'name is one in a table of customers');
SELECT results_eq($$ SELECT category, evidence->>'name_rule' FROM found WHERE tbl = 'invoices' AND column_name = 'ship_address' $$,
                  $$ VALUES ('contact', 'postal_address') $$, 'ship_address is a postal address, not an IP address');
SELECT results_eq(
    $$ SELECT column_name::text COLLATE "default", category FROM found WHERE tbl = 'customers' AND column_name IN
           ('billing_address', 'home_address', 'contact_name', 'city', 'state', 'country', 'region', 'postal_code', 'title', 'user_agent', 'notes')
        ORDER BY 1 $$,
    $$ VALUES ('billing_address', 'contact'), ('city', 'location'), ('contact_name', 'direct_identifier'), ('country', 'location'),
              ('home_address', 'contact'), ('notes', 'free_text'), ('postal_code', 'location'), ('region', 'location'),
              ('state', 'location'), ('title', 'demographic'), ('user_agent', 'online_identifier') $$,
    'prefixed and composite names, places, job titles, user agents and notes are found');
SELECT is((SELECT category FROM found WHERE tbl = 'invoices' AND column_name = 'billing_city'), 'location',
          'a prefixed place is found in any table');
SELECT is((SELECT count(*)::int FROM found WHERE tbl = 'reports' AND column_name IN ('state', 'region')), 0,
          'state and region of a report are not personal data');
SELECT results_eq($$ SELECT category, evidence->'values'->>'kind', confidence FROM found WHERE tbl = 'customers' AND column_name = 'phone' $$,
                  $$ VALUES ('contact', 'phone', 'high') $$, 'French phone numbers in dotted pairs are phones, not IP addresses');
SELECT is(ARRAY[governance.pii_value_kind('88.60.15.31'), governance.pii_value_kind('192.168.1.20'),
                governance.pii_value_kind('stanisław.wójcik@wp.pl'), governance.pii_value_kind('2024-06-01')],
          ARRAY['phone', 'ip', 'email', NULL], 'value shapes: dotted pairs, an IPv4 address, a non-ASCII e-mail address, a date');
SELECT results_eq($$ SELECT evidence->'values'->>'kind', (evidence->'values'->>'matched')::int FROM found WHERE tbl = 'customers' AND column_name = 'email' $$,
                  $$ VALUES ('email', 40) $$, 'e-mail addresses with non-ASCII letters are recognised, every one');
SELECT ok(NOT EXISTS (SELECT FROM found WHERE tbl = 'invoices' AND column_name = 'invoice_date'), 'historic order dates are not birth dates');
SELECT ok(NOT EXISTS (SELECT FROM found WHERE tbl = 'employees' AND column_name = 'hire_day'), 'hire dates are not birth dates');
SELECT ok(NOT EXISTS (SELECT FROM found WHERE tbl = 'customers' AND column_name = 'created'), 'timestamps with a time of day are not birth dates');
SELECT results_eq($$ SELECT category, evidence->'values'->>'kind', confidence FROM found WHERE tbl = 'members' AND column_name = 'd1' $$,
                  $$ VALUES ('quasi_identifier', 'birth_date', 'low') $$,
                  'birth dates stored as timestamp are found by their values (spread over decades, at midnight)');
SELECT results_eq($$ SELECT evidence->'values'->>'kind', confidence FROM found WHERE tbl = 'employees' AND column_name = 'birthday_ts' $$,
                  $$ VALUES ('birth_date', 'high') $$, 'and confirm a name that says birth');
SELECT results_eq(
    $$ SELECT category, sensitivity, evidence->'mentions'->'kinds', (evidence->'mentions'->>'sampled')::int
         FROM found WHERE tbl = 'contact_log' AND column_name = 'contact' $$,
    $$ VALUES ('direct_identifier', 'restricted', '{"email": 150, "ssn": 150}'::jsonb, 300) $$,
    '150 SSNs beside 150 e-mail addresses: restricted identifiers, with both counts as evidence');
SELECT ok(NOT EXISTS (SELECT FROM found WHERE tbl = 'settings'), 'a version string in one row is not a phone number');
SELECT results_eq(
    $$ SELECT category, confidence, evidence->'json_keys'->'emailAddress'->>'rows', evidence->'json_keys'->'name'->>'category',
              evidence->'json_keys'->'city'->>'category', evidence->'json_values'->>'email'
         FROM found WHERE tbl = 'events' AND column_name = 'payload' $$,
    $$ VALUES ('direct_identifier', 'high', '50', 'direct_identifier', 'location', '50') $$,
    'JSON payload keys at any depth are inspected, with the rows holding each');
SELECT ok(NOT EXISTS (SELECT FROM found WHERE tbl = 'events' AND column_name = 'data'), 'a JSON document without personal keys is not proposed');
SELECT results_eq($$ SELECT category, (evidence->'json_keys'->'phone'->>'rows')::int FROM found WHERE tbl = 'events' AND column_name = 'raw' $$,
                  $$ VALUES ('contact', 25) $$, 'json documents are read too, those jsonb cannot hold left out');
SELECT ok(NOT EXISTS (SELECT FROM found f WHERE NOT (f.evidence ? 'sampled_rows')
                                             OR NOT (f.evidence ?| ARRAY['name_rule', 'values', 'mentions', 'json_keys', 'json_values'])),
          'every proposal carries its evidence: a name rule or value counts, and the sample size');

-- Bulk acceptance: a dry run changes nothing, filters narrow, existing decisions stay.
SELECT governance.classify('music.customers', 'notes', 'health', 'restricted');
SELECT results_eq(
    $$ SELECT count(*)::int, count(*) FILTER (WHERE action = 'would classify')::int FROM governance.accept_proposals('music', dry_run => true, min_confidence => 'low',
           tables => ARRAY['music.customers'::regclass], categories => ARRAY['contact', 'free_text']) $$,
    $$ VALUES (5, 4) $$, 'a dry run lists what would be classified, filtered by confidence, table and category');
SELECT is((SELECT count(*)::int FROM governance.classifications WHERE table_name::text LIKE 'music.%'), 1, 'and classifies nothing');
SELECT results_eq(
    $$ SELECT column_name::text COLLATE "default", action FROM governance.accept_proposals('music', min_confidence => 'high',
           exclude => ARRAY['music.customers.email']) ORDER BY 1 $$,
    $$ VALUES ('birthday_ts', 'classified'), ('payload', 'classified'), ('phone', 'classified'), ('raw', 'classified') $$,
    'acceptance at high confidence, without the excluded column');
SELECT results_eq(
    $$ SELECT action FROM governance.accept_proposals('music', min_confidence => 'low', tables => ARRAY['music.customers'::regclass], categories => ARRAY['free_text']) $$,
    $$ VALUES ('kept: already classified health') $$, 'a DPO''s classification is kept unless overwrite');
SELECT throws_ok($$ SELECT * FROM governance.accept_proposals('music', categories => ARRAY['contact', 'no such']) $$, '22023',
                 'governance.accept_proposals: unknown categories ''no such''');

SELECT * FROM finish();
ROLLBACK;
