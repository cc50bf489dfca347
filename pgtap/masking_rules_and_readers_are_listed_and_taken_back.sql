BEGIN;
SELECT plan(15);

-- What privacy.masked_columns reports (for a view and for a dump), and that a column's own
-- rule and a reader's masked access can be taken back: drop_masking_rule, revoke_masked.
CREATE SCHEMA shop;
GRANT USAGE ON SCHEMA shop TO PUBLIC;
CREATE TABLE shop.customer (id int PRIMARY KEY, email text NOT NULL UNIQUE, card text, note text);
CREATE TABLE shop.visit (id int PRIMARY KEY, customer_id int REFERENCES shop.customer, at date);
INSERT INTO shop.customer VALUES (42, 'ada@example.com', '4111111111111111', 'likes tea');
INSERT INTO shop.visit VALUES (1, 42, '2024-05-17');
SELECT governance.classify('shop.customer', c, k)
  FROM (VALUES ('id', 'direct_identifier'), ('email', 'contact'), ('card', 'financial'), ('note', 'health')) v(c, k);
SELECT governance.classify('shop.visit', 'at', 'quasi_identifier');
CREATE ROLE shop_reader NOLOGIN;

SET LOCAL ROLE governance_dpo;
SELECT privacy.set_masking_rule('shop.customer', 'card', 'null');
SELECT privacy.grant_masked('shop.customer', 'shop_reader');
SELECT privacy.grant_masked('shop.visit', 'shop_reader');
RESET ROLE;

SET LOCAL ROLE governance_auditor;
SELECT results_eq($$ SELECT column_name, category, rule, source FROM privacy.masked_columns('shop.customer') $$,
                  $$ VALUES ('id'::name, 'direct_identifier', 'hash', 'category'), ('email', 'contact', 'partial_email', 'category'),
                            ('card', 'financial', 'null', 'column'), ('note', 'health', 'null', 'category') $$,
                  'masked_columns: each column''s category, rule and where the rule comes from, in column order');
SELECT results_eq($$ SELECT column_name, expression FROM privacy.masked_columns('shop.customer', true) $$,
                  $$ VALUES ('id'::name, '(privacy.pseudonym((id)::bigint, 32))::integer'),
                            ('email', '(privacy.pseudonym((email)::text, ''email''))::text'),
                            ('card', '(NULL)::text'), ('note', '(NULL)::text') $$,
                  'for a dump, a unique e-mail is pseudonymized as an e-mail rather than merged by partial_email');
SELECT results_eq($$ SELECT column_name, category, rule, source, expression FROM privacy.masked_columns('shop.visit') $$,
                  $$ VALUES ('id'::name, NULL, NULL, NULL, 'id'),
                            ('customer_id', 'direct_identifier', 'hash', 'reference',
                             '(privacy.pseudonym((customer_id)::bigint, 32))::integer'),
                            ('at', 'quasi_identifier', 'generalize', 'category', '(pg_catalog.date_trunc(''year'', at))::date') $$,
                  'an unmasked column is selected as it is; a foreign key takes the rule of the key it references');
RESET ROLE;

SET LOCAL ROLE shop_reader;
SELECT is((SELECT card FROM shop_masked.customer), NULL, 'the column''s own rule masks it to NULL');
SELECT is((SELECT v.customer_id FROM shop_masked.visit v JOIN shop_masked.customer c ON c.id = v.customer_id), privacy.pseudonym(42, 32)::int,
          'the masked views join on the pseudonymized key');
RESET ROLE;

-- drop_masking_rule: the category's default applies again, in the view at once.
SET LOCAL ROLE governance_dpo;
SELECT privacy.drop_masking_rule('shop.customer', 'card');
SELECT results_eq($$ SELECT rule, source FROM privacy.masked_columns('shop.customer') WHERE column_name = 'card' $$,
                  $$ VALUES ('keep_last', 'category') $$, 'drop_masking_rule: the category''s rule is back');
SELECT is_empty($$ SELECT * FROM privacy.masking_rules WHERE table_name = 'shop.customer'::regclass $$,
                'and the column''s rule is gone');
SELECT lives_ok($$ SELECT privacy.drop_masking_rule('shop.customer', 'card') $$, 'dropping a rule that is not there is a no-op');
RESET ROLE;
SET LOCAL ROLE shop_reader;
SELECT is((SELECT card FROM shop_masked.customer), '************1111', 'the reader''s view shows the default at once');
RESET ROLE;

-- revoke_masked: the view is closed to the reader; the pseudonyms stay while it reads another view.
SET LOCAL ROLE governance_dpo;
SELECT privacy.revoke_masked('shop.customer', 'shop_reader');
SELECT results_eq($$ SELECT table_name, readers FROM privacy.masking_status() $$,
                  $$ VALUES ('shop.customer', '{}'::name[]), ('shop.visit', '{shop_reader}'::name[]) $$,
                  'revoke_masked: the reader is gone from the table''s readers only');
RESET ROLE;
SET LOCAL ROLE shop_reader;
SELECT throws_ok($$ SELECT * FROM shop_masked.customer $$, '42501', NULL, 'the reader can no longer read the view');
SELECT is((SELECT customer_id FROM shop_masked.visit), privacy.pseudonym(42, 32)::int,
          'but still reads the other, and calls the pseudonyms it uses');
RESET ROLE;
SET LOCAL ROLE governance_dpo;
SELECT privacy.revoke_masked('shop.visit', 'shop_reader');
SELECT lives_ok($$ SELECT privacy.revoke_masked('shop.visit', 'shop_reader') $$, 'revoking again is a no-op');
RESET ROLE;
SELECT ok(NOT has_table_privilege('shop_reader', 'shop_masked.visit', 'SELECT'), 'the last view is closed to the reader');
SELECT ok(NOT has_function_privilege('shop_reader', 'privacy.pseudonym(text, text)', 'EXECUTE')
          AND NOT has_function_privilege('shop_reader', 'privacy.pseudonym(bigint, integer)', 'EXECUTE'),
          'and so are the pseudonyms, once it reads no masked view');

SELECT * FROM finish();
ROLLBACK;
