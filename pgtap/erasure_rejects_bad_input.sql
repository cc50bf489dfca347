BEGIN;
SELECT plan(17);

CREATE SCHEMA "odd schema";
CREATE TABLE "odd schema"."Mixed Case" ("user key" text PRIMARY KEY, "quote""d" text, other text);
CREATE TABLE "odd schema"."with space" (id serial PRIMARY KEY, "owner" text NOT NULL REFERENCES "odd schema"."Mixed Case");
CREATE INDEX ON "odd schema"."with space" ("owner");
INSERT INTO "odd schema"."Mixed Case" VALUES ('a''b"c; DROP TABLE x; --', 'v', 'w'), ('plain', 'p', 'q');
INSERT INTO "odd schema"."with space" ("owner") VALUES ('a''b"c; DROP TABLE x; --'), ('plain');

SELECT lives_ok($$ SELECT privacy.register_subject('member', '"odd schema"."Mixed Case"', 'user key') $$,
                'a subject table and key column needing quotes register');
SELECT FROM privacy.request_export('a''b"c; DROP TABLE x; --', 'member');
SELECT tests.as_if_committed();
SELECT is((privacy.gdpr_export('a''b"c; DROP TABLE x; --', 'member')->'tables'->'"odd schema"."with space"'->'rows'->0->>'owner'),
          'a''b"c; DROP TABLE x; --', 'a key full of quotes and SQL is a value, never code (export)');
SELECT is((privacy.gdpr_forget('a''b"c; DROP TABLE x; --', 'member')->>'rows_erased')::int, 2,
          'and forget erases exactly that subject''s rows');
SELECT is((SELECT count(*)::int FROM "odd schema"."with space"), 1, 'the other subject''s row is left');
SELECT throws_ok($$ SELECT privacy.gdpr_forget('x''); DROP TABLE "odd schema"."Mixed Case"; --', 'member') $$, 'P0002',
                 'privacy.gdpr_forget: no data of a member with this key', 'an unknown hostile key is a clear error');

SELECT privacy.register_subject('customer', '"odd schema"."with space"', 'id');
SELECT throws_ok($$ SELECT privacy.gdpr_forget('1 OR 1=1', 'customer') $$, '22023',
                 'privacy.gdpr_forget: the subject key is not a valid integer (subject type customer)',
                 'a key that is not of the key column''s type is refused');
SELECT throws_ok($$ SELECT privacy.erasure_plan('1') $$, '22023',
                 'privacy.erasure_plan: subject_type is required (registered: customer, member)');
SELECT throws_ok($$ SELECT privacy.gdpr_export('1', 'nobody') $$, '22023', 'privacy.gdpr_export: unknown subject type ''nobody''');
SELECT throws_ok($$ SELECT privacy.gdpr_forget(NULL, 'customer') $$, '22004', 'privacy.gdpr_forget: a subject key is required');

SELECT throws_ok($$ SELECT privacy.register_subject('member', '"odd schema"."Mixed Case"', 'other') $$, '22023',
                 'privacy.register_subject: column other of "odd schema"."Mixed Case" is not unique');
SELECT throws_ok($$ SELECT privacy.register_subject('Bad Type', '"odd schema"."Mixed Case"', 'user key') $$, '22023');
SELECT throws_ok($$ SELECT privacy.register_subject('audit_rows', 'governance.migrations', 'name') $$, '42501',
                 'privacy.register_subject: governance.migrations is a governance table, not personal data');
SELECT throws_ok($$ SELECT privacy.link_table('"odd schema"."with space"', 'nope', 'member') $$, '42703',
                 'privacy.link_table: table "odd schema"."with space" has no column nope');
SELECT throws_ok($$ SELECT privacy.own_parent(tbl => '"odd schema"."Mixed Case"', fk_column => 'other') $$, '22023',
                 'privacy.own_parent: column other of "odd schema"."Mixed Case" is not a one-column foreign key');
SELECT throws_ok($$ SELECT privacy.set_erasure_rule('"odd schema"."Mixed Case"', 'shred') $$, '22023',
                 'privacy.set_erasure_rule: unknown action ''shred''');
SELECT throws_ok($$ SELECT privacy.set_erasure_rule('"odd schema"."Mixed Case"', 'retain') $$, '22023',
                 'privacy.set_erasure_rule: a retain rule needs a reason (the legal hold)');

SELECT throws_ok($$ DELETE FROM privacy.erasures $$, '42501', 'privacy.erasures is append-only: DELETE refused',
                 'erasure records cannot be deleted');

SELECT * FROM finish();
ROLLBACK;
