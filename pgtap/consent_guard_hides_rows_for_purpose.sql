BEGIN;
SELECT plan(11);

SELECT privacy.register_purpose('marketing', 'newsletters', 'consent', 'v1');
SELECT privacy.register_purpose('support', 'customer support', 'contract', 'v1');
CREATE SCHEMA "Shop Data";
CREATE TABLE "Shop Data"."Cust ""Info""" ("Customer Id" integer PRIMARY KEY, email text);
INSERT INTO "Shop Data"."Cust ""Info""" VALUES (1, 'a@x'), (2, 'b@x'), (3, 'c@x');
SELECT tests.create_user('consent_reader', 'governance_app');
GRANT USAGE ON SCHEMA "Shop Data" TO consent_reader;
GRANT SELECT ON "Shop Data"."Cust ""Info""" TO consent_reader;
SELECT privacy.record_consent('1', 'marketing', true);
SELECT privacy.record_consent('2', 'marketing', true);

SELECT lives_ok($$ SELECT privacy.consent_required('"Shop Data"."Cust ""Info"""', 'marketing', 'Customer Id') $$,
                'a table with hostile names is guarded');
SELECT lives_ok($$ SELECT privacy.consent_required('"Shop Data"."Cust ""Info"""', 'marketing', 'Customer Id') $$,
                'guarding again is harmless');
SELECT is((SELECT count(*)::int FROM pg_policy WHERE polrelid = '"Shop Data"."Cust ""Info"""'::regclass), 2,
          'one baseline policy and one guard');

CREATE FUNCTION pg_temp.visible(purpose text) RETURNS integer[] LANGUAGE plpgsql AS $$
DECLARE ids integer[];
BEGIN
    PERFORM tests.authenticate_as('consent_reader', 'app', purpose => purpose);
    SELECT array_agg("Customer Id" ORDER BY "Customer Id") INTO ids FROM "Shop Data"."Cust ""Info""";
    RESET ROLE;
    RETURN ids;
END $$;

SELECT is(pg_temp.visible('marketing'), ARRAY[1, 2], 'under the purpose, only consenting subjects'' rows are visible');
SELECT is(pg_temp.visible('support'), ARRAY[1, 2, 3], 'another purpose sees every row');
SELECT is(pg_temp.visible(NULL), ARRAY[1, 2, 3], 'no declared purpose: every row');

SELECT privacy.withdraw_consent('2', 'marketing');
SELECT is(pg_temp.visible('marketing'), ARRAY[1], 'a withdrawn subject disappears for that purpose');
SELECT is(pg_temp.visible('support'), ARRAY[1, 2, 3], 'and only for that purpose');
SELECT privacy.record_consent('2', 'marketing', true);
SELECT is(pg_temp.visible('marketing'), ARRAY[1, 2], 're-given: visible again');

SELECT throws_ok($$ SELECT privacy.consent_required('"Shop Data"."Cust ""Info"""', 'marketing', 'nope') $$, '42703',
                 'privacy.consent_required: table "Shop Data"."Cust ""Info""" has no column nope');
SELECT throws_ok($$ SELECT privacy.consent_required('"Shop Data"."Cust ""Info"""', 'nothing', 'Customer Id') $$, '22023',
                 'privacy.consent_required: unknown purpose ''nothing''');

SELECT * FROM finish();
ROLLBACK;
