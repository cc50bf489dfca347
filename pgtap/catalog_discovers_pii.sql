BEGIN;
SELECT plan(15);

CREATE SCHEMA crm;
CREATE TABLE crm."Contacts" (
    id        integer PRIMARY KEY,
    contact   text,          -- e-mail addresses under a name that says nothing
    reach     text,          -- phone numbers
    ident     text,          -- US SSNs
    pan       text,          -- card numbers that pass Luhn
    digits    text,          -- 16-digit numbers that do not
    seen_from inet,
    born      date,
    dob       date,
    remark    text
);
INSERT INTO crm."Contacts"
SELECT i, 'person' || i || '@example.org', '+1 (555) 010-' || lpad(i::text, 4, '0'), '123-45-' || lpad(i::text, 4, '0'),
       (ARRAY['4111 1111 1111 1111', '5500-0000-0000-0004', '378282246310005'])[1 + i % 3],
       '12345678901234' || lpad((i % 100)::text, 2, '0'),
       ('10.0.' || i % 250 || '.1')::inet, date '1960-01-01' + i, NULL, 'nothing to see'
  FROM generate_series(1, 200) i
 WHERE NOT governance.luhn_valid('12345678901234' || lpad((i % 100)::text, 2, '0'));
CREATE TABLE crm.big (id integer, email text);
INSERT INTO crm.big SELECT i, 'u' || i || '@example.com' FROM generate_series(1, 60000) i;
-- The first rows on disk say nothing, the rest are e-mail addresses: only a sample spread
-- over the table's pages (TABLESAMPLE) and over the rows read, not its first 1000 rows,
-- finds them.
CREATE TABLE crm.late (id integer, handle text);
INSERT INTO crm.late SELECT i, CASE WHEN i <= 6000 THEN 'n/a' ELSE 'u' || i || '@example.com' END
  FROM generate_series(1, 60000) i;

-- Support tickets: prose, a few of which mention an address or an SSN.
CREATE TABLE crm.tickets (id integer PRIMARY KEY, body text, summary text);
INSERT INTO crm.tickets
SELECT i, CASE i % 50 WHEN 0 THEN 'Please reply to jo.' || i || '@example.net, not the old address.'
                      WHEN 1 THEN CASE WHEN i % 100 = 1 THEN 'Customer read out 078-05-' || lpad(i::text, 4, '0') || ' on the call.' END
                      ELSE 'Order ' || i || ' arrived late on 2024-03-0' || i % 9 || '; refund 12.50' END,
       'Order ' || i || ' of 2024-03-01, ticket 555-0100, total 1,299.00'
  FROM generate_series(1, 300) i;

CREATE TEMP TABLE found AS SELECT * FROM governance.discover_pii('crm');

SELECT results_eq(
    $$ SELECT column_name::text COLLATE "default", category, sensitivity, evidence->'values'->>'kind'
         FROM found WHERE table_name = 'crm."Contacts"'::regclass AND column_name IN ('contact', 'reach', 'ident', 'pan', 'seen_from', 'born')
        ORDER BY column_name $$,
    $$ VALUES ('born', 'quasi_identifier', 'confidential', 'birth_date'), ('contact', 'contact', 'confidential', 'email'),
              ('ident', 'direct_identifier', 'restricted', 'ssn'), ('pan', 'financial', 'restricted', 'card'),
              ('reach', 'contact', 'confidential', 'phone'), ('seen_from', 'online_identifier', 'internal', 'ip') $$,
    'values reveal e-mails, phones, SSNs, card numbers, IP addresses and birth dates whatever the column is called');
SELECT is((SELECT confidence FROM found WHERE column_name = 'pan'), 'high', 'a telling name and values together: high confidence');
SELECT ok(NOT EXISTS (SELECT FROM found WHERE column_name = 'digits'), 'numbers failing the Luhn check are not card numbers');
SELECT ok(NOT EXISTS (SELECT FROM found WHERE column_name IN ('id', 'digits')), 'ordinary columns are not proposed');
SELECT results_eq($$ SELECT category, confidence, evidence->>'name_rule', evidence->>'context' FROM found WHERE column_name = 'remark' $$,
                  $$ VALUES ('free_text', 'low', 'free_text', 'a table of people') $$,
                  'a note about a contact is free text, proposed with low confidence because of the table it is in');
SELECT results_eq($$ SELECT evidence->>'name_rule', evidence ? 'values', confidence FROM found WHERE column_name = 'dob' $$,
                  $$ VALUES ('birth_date', false, 'medium') $$, 'an empty column is proposed from its name alone');
SELECT cmp_ok((SELECT (evidence->>'sampled_rows')::int FROM found WHERE table_name = 'crm.big'::regclass), '<=', 1000,
              'a large table is read through a bounded sample');
SELECT is((SELECT category FROM found WHERE table_name = 'crm.big'::regclass), 'contact', 'and still classified');
SELECT is((SELECT evidence->'values'->>'kind' FROM found WHERE table_name = 'crm.late'::regclass), 'email',
          'the sample of a large table comes from all of it, not from its first rows');
SELECT results_eq(
    $$ SELECT category, sensitivity, confidence, evidence->'mentions'->>'kind', evidence->'mentions'->'kinds',
              (evidence->'mentions'->>'matched')::int, (evidence->'mentions'->>'sampled')::int
         FROM found WHERE table_name = 'crm.tickets'::regclass AND column_name = 'body' $$,
    $$ VALUES ('direct_identifier', 'restricted', 'low', 'ssn', '{"email": 6, "ssn": 3}'::jsonb, 9, 297) $$,
    'free text that mentions e-mail addresses and SSNs in a few values is proposed as its most sensitive kind, every kind counted, with low confidence');
SELECT ok(NOT EXISTS (SELECT FROM found WHERE table_name = 'crm.tickets'::regclass AND column_name IN ('summary', 'id')),
          'order numbers, dates, amounts and phone-like ticket numbers in prose are not personal data');
SELECT is((SELECT count(*)::int FROM governance.classifications WHERE table_name::text LIKE 'crm.%'), 0,
          'discover_pii proposes and never classifies');
SELECT is(ARRAY[governance.pii_text_mention('she read out 078-05-1120 twice'), governance.pii_text_mention('due 2024-03-05'),
                governance.pii_text_mention('call 555-010-1234'), governance.pii_text_mention('mail A.B@Example.co.uk today')],
          ARRAY['ssn', NULL, NULL, 'email'], 'mentions: an SSN or an address inside prose, not dates or phone numbers');
SELECT ok(governance.luhn_valid('4111111111111111') AND NOT governance.luhn_valid('4111111111111112'), 'the Luhn check');
SELECT throws_ok($$ SELECT * FROM governance.discover_pii('no such; schema') $$, '3F000',
                 'governance.discover_pii: schema "no such; schema" does not exist');

SELECT * FROM finish();
ROLLBACK;
