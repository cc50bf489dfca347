BEGIN;
SELECT plan(16);

CREATE SCHEMA "Audit Test";
CREATE TABLE "Audit Test"."quote""d table" (id int PRIMARY KEY, "E-mail" text, balance numeric, note text);
SELECT lives_ok($$ SELECT audit.enable('"Audit Test"."quote""d table"') $$, 'a table needing quotes is audited');
SELECT lives_ok($$ SELECT audit.enable('"Audit Test"."quote""d table"') $$, 'enabling twice is harmless');
SELECT is((SELECT count(*)::int FROM pg_trigger WHERE tgrelid = '"Audit Test"."quote""d table"'::regclass
                                                AND tgname LIKE 'audit\_%'), 4, 'four change triggers, not eight');

SELECT tests.create_user('audit_app_user', 'governance_app');
GRANT USAGE ON SCHEMA "Audit Test" TO audit_app_user;
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON "Audit Test"."quote""d table" TO audit_app_user;
SELECT tests.authenticate_as('audit_app_user', 'alice@example.com', 'acme');

INSERT INTO "Audit Test"."quote""d table" VALUES (1, 'a@x.org', 10, $$'; DROP TABLE x; --$$), (2, 'b@x.org', 20, NULL);
UPDATE "Audit Test"."quote""d table" SET balance = balance + 5 WHERE id = 1;
UPDATE "Audit Test"."quote""d table" SET note = note WHERE id = 1;   -- changes nothing
DELETE FROM "Audit Test"."quote""d table" WHERE id = 2;
TRUNCATE "Audit Test"."quote""d table";
RESET ROLE;

SELECT results_eq(
    $$ SELECT op, row_key, old_values, new_values, changed_columns FROM audit.changes
        WHERE table_name = '"Audit Test"."quote""d table"' ORDER BY id $$,
    $$ VALUES ('INSERT', '{"id": 1}'::jsonb, NULL::jsonb,
               jsonb_build_object('id', 1, 'E-mail', 'a@x.org', 'balance', 10, 'note', $q$'; DROP TABLE x; --$q$), NULL::text[]),
              ('INSERT', '{"id": 2}', NULL, '{"id": 2, "E-mail": "b@x.org", "balance": 20, "note": null}', NULL),
              ('UPDATE', '{"id": 1}', '{"balance": 10}', '{"balance": 15}', '{balance}'),
              ('DELETE', '{"id": 2}', '{"id": 2, "E-mail": "b@x.org", "balance": 20, "note": null}', NULL, NULL),
              ('TRUNCATE', NULL, NULL, NULL, NULL) $$,
    'every operation is captured with its old and new values; the no-op UPDATE is not');

SELECT is((SELECT array_agg(DISTINCT actor) FROM audit.changes WHERE table_name = '"Audit Test"."quote""d table"'),
          ARRAY['alice@example.com'], 'the actor comes from set_context');
SELECT is((SELECT array_agg(DISTINCT tenant) FROM audit.changes WHERE table_name = '"Audit Test"."quote""d table"'),
          ARRAY['acme'], 'so does the tenant');
SELECT is((SELECT array_agg(DISTINCT db_user::text) FROM audit.changes WHERE table_name = '"Audit Test"."quote""d table"'),
          ARRAY[session_user::text], 'db_user is the session user');
SELECT is((SELECT count(DISTINCT txid)::int FROM audit.changes WHERE table_name = '"Audit Test"."quote""d table"'),
          1, 'all in this transaction');
SELECT is((SELECT min(txid) FROM audit.changes WHERE table_name = '"Audit Test"."quote""d table"'),
          txid_current(), 'with its txid');
SELECT ok((SELECT bool_and(occurred_at >= statement_at AND statement_at >= now())
             FROM audit.changes WHERE table_name = '"Audit Test"."quote""d table"'),
          'clock time and statement time are recorded');

-- Without a primary key the whole row is the key.
CREATE TABLE "Audit Test"."no key" (a int, b text);
SELECT audit.enable('"Audit Test"."no key"');
INSERT INTO "Audit Test"."no key" VALUES (1, 'x');
UPDATE "Audit Test"."no key" SET b = 'y';
SELECT results_eq(
    $$ SELECT row_key, old_values, new_values FROM audit.changes WHERE table_name = '"Audit Test"."no key"' ORDER BY id $$,
    $$ VALUES ('{"a": 1, "b": "x"}'::jsonb, NULL::jsonb, '{"a": 1, "b": "x"}'::jsonb),
              ('{"a": 1, "b": "x"}', '{"b": "x"}', '{"b": "y"}') $$,
    'a table without a key is keyed by its whole (old) row');

-- A multi-column key, changed by the UPDATE, is recorded as it was.
CREATE TABLE "Audit Test".pairs (k1 int, k2 text, v int, PRIMARY KEY (k2, k1));
SELECT audit.enable('"Audit Test".pairs');
INSERT INTO "Audit Test".pairs VALUES (1, 'a', 0), (2, 'b', 0);
UPDATE "Audit Test".pairs SET k1 = k1 + 10, v = 1;
SELECT results_eq(
    $$ SELECT row_key, old_values, new_values FROM audit.changes
        WHERE table_name = '"Audit Test".pairs' AND op = 'UPDATE' ORDER BY row_key ->> 'k2' $$,
    $$ VALUES ('{"k1": 1, "k2": "a"}'::jsonb, '{"k1": 1, "v": 0}'::jsonb, '{"k1": 11, "v": 1}'::jsonb),
              ('{"k1": 2, "k2": "b"}', '{"k1": 2, "v": 0}', '{"k1": 12, "v": 1}') $$,
    'multi-row UPDATEs pair each old row with its new row, key changes included');

-- Columns named like the trigger's variables are data like any other.
CREATE TABLE "Audit Test".clash (id int PRIMARY KEY, actor text, tenant text, restricted text, n int, t int);
SELECT audit.enable('"Audit Test".clash');
INSERT INTO "Audit Test".clash VALUES (1, 'col actor', 'col tenant', 'r', 5, 6);
SELECT is((SELECT new_values FROM audit.changes WHERE table_name = '"Audit Test".clash'),
          '{"id": 1, "actor": "col actor", "tenant": "col tenant", "restricted": "r", "n": 5, "t": 6}'::jsonb,
          'column names do not clash with the trigger''s own names');

SELECT ok(audit.disable('"Audit Test".clash'), 'disable reports it was enabled');
INSERT INTO "Audit Test".clash VALUES (2, 'a', 'b', 'c', 1, 1);
SELECT is((SELECT count(*)::int FROM audit.changes WHERE table_name = '"Audit Test".clash'), 1,
          'a disabled table is no longer captured');
SELECT ok(NOT audit.disable('"Audit Test".clash'), 'disabling twice is harmless');

SELECT * FROM finish();
ROLLBACK;
