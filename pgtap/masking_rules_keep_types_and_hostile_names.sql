BEGIN;
SELECT plan(17);

CREATE SCHEMA "Mixed Schema";
CREATE DOMAIN "Mixed Schema".email_t AS text CHECK (VALUE LIKE '%@%');
CREATE TABLE "Mixed Schema"."with space" (
    "quote""d" int PRIMARY KEY, mail "Mixed Schema".email_t, pan varchar(19), born date, salary numeric,
    at timestamptz, token uuid, small smallint, big bigint, note text,
    upper_mail text GENERATED ALWAYS AS (upper(mail)) STORED);
INSERT INTO "Mixed Schema"."with space" VALUES
    (1, 'alice@example.com', '4111111111111111', '1985-06-12', 52345, '2024-05-17 10:00+00', gen_random_uuid(), 7, 9000000000, '''; DROP TABLE x; --'),
    (2, 'bob@example.org', '55', '1990-01-02', 31000, '2023-01-01 00:00+00', gen_random_uuid(), -7, -1, NULL);
SELECT governance.classify('"Mixed Schema"."with space"', c, k)
  FROM (VALUES ('quote"d', 'direct_identifier'), ('mail', 'contact'), ('pan', 'financial'), ('born', 'quasi_identifier'),
               ('at', 'quasi_identifier'), ('token', 'direct_identifier'), ('small', 'direct_identifier'),
               ('big', 'direct_identifier'), ('note', 'free_text')) v(c, k);
SELECT privacy.set_masking_rule('"Mixed Schema"."with space"', 'salary', 'generalize', '{"step": 10000}');
SELECT privacy.create_masked_view('"Mixed Schema"."with space"');

SELECT is((SELECT mail::text FROM "Mixed Schema_masked"."with space" WHERE salary = 50000), 'a***@example.com',
          'partial_email keeps the first letter and the domain, through a domain type');
SELECT is((SELECT pan FROM "Mixed Schema_masked"."with space" WHERE salary = 50000)::text, '************1111',
          'keep_last shows the last four digits');
SELECT is((SELECT pan FROM "Mixed Schema_masked"."with space" WHERE salary = 30000)::text, '**',
          'keep_last on a value no longer than four shows none of it');
SELECT is((SELECT born FROM "Mixed Schema_masked"."with space" WHERE salary = 50000), date '1985-01-01',
          'generalize truncates a date to its year');
SELECT is((SELECT note FROM "Mixed Schema_masked"."with space" WHERE salary = 50000), '[redacted]',
          'constant replaces free text, hostile or not');
SELECT is((SELECT note FROM "Mixed Schema_masked"."with space" WHERE salary = 30000), NULL, 'constant keeps NULL NULL');
SELECT is((SELECT upper_mail FROM "Mixed Schema_masked"."with space" WHERE salary = 50000), NULL,
          'a generated column computed from a masked column is masked');
SELECT is((SELECT pg_catalog.array_agg(format_type(a.atttypid, a.atttypmod) ORDER BY a.attnum)
             FROM pg_attribute a WHERE a.attrelid = '"Mixed Schema_masked"."with space"'::regclass AND a.attnum > 0),
          (SELECT pg_catalog.array_agg(format_type(a.atttypid, a.atttypmod) ORDER BY a.attnum)
             FROM pg_attribute a WHERE a.attrelid = '"Mixed Schema"."with space"'::regclass AND a.attnum > 0 AND NOT a.attisdropped),
          'the masked view has its table''s column types');
SELECT isnt((SELECT "quote""d" FROM "Mixed Schema_masked"."with space" WHERE salary = 50000), 1,
            'an integer key is pseudonymized');
SELECT is((SELECT count(DISTINCT privacy.pseudonym(g::bigint, 16)) FROM generate_series(-32768, 32767) g), 65536::bigint,
          'the integer pseudonym is a permutation of its type: no two keys collide');
SELECT is(privacy.pseudonym('alice@example.com'), privacy.pseudonym('alice@example.com'),
          'the same value gets the same pseudonym');
SELECT ok(privacy.pseudonym('alice@example.com', 'email') ~ '^u[0-9a-f]{20}@pseudonym\.invalid$',
          'the e-mail form of a pseudonym is an address at pseudonym.invalid');
SELECT throws_ok($$SELECT privacy.set_masking_rule('"Mixed Schema"."with space"', 'salary', 'keep_last')$$, '22023', NULL,
                 'keep_last on a number is refused');
SELECT throws_ok($$SELECT privacy.set_masking_rule('"Mixed Schema"."with space"', 'note', 'constant', '{"value": 1}')$$,
                 '22023', NULL, 'a constant must be a JSON string');
SELECT throws_ok($$SELECT privacy.set_masking_default('no_such_category', 'null')$$, '22023', NULL,
                 'an unknown category is refused');

-- A category the catalog gains later: one row gives it a default; until then NULL.
INSERT INTO governance.data_categories (name, description) VALUES ('device_identifier', 'advertising IDs, device serials');
SELECT governance.classify('"Mixed Schema"."with space"', 'note', 'device_identifier');
SELECT is((SELECT note FROM "Mixed Schema_masked"."with space" WHERE salary = 50000), NULL,
          'a category without a default is masked to NULL, and the view followed the reclassification');
INSERT INTO privacy.masking_defaults (category, rule, params) VALUES ('device_identifier', 'constant', '{"value": "device"}');
SELECT privacy.refresh_masked_views();
SELECT is((SELECT note FROM "Mixed Schema_masked"."with space" WHERE salary = 50000), 'device',
          'one row in privacy.masking_defaults masks a new category');

SELECT * FROM finish();
ROLLBACK;
