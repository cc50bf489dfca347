BEGIN;
SELECT plan(12);

-- compliance.checks.query, access.policies' compiled SQL and the view name and type of
-- governance.encrypted_columns are run by definer-rights functions (compliance.snapshot,
-- access.explain and access.decide, encrypt_column) with the pack owner's rights. A role
-- that may write every table (pg_write_all_data, or a grant made by mistake) must not be
-- able to plant SQL there: it would run as the owner.
SELECT governance.unlock('pgtap master key: 0123456789abcdef0123456789abcdef');
SELECT governance.create_key('stored_sql');
SELECT governance.grant_key('stored_sql', 'postgres');
CREATE TABLE public."Stored Sql" (id int PRIMARY KEY, secret text);
INSERT INTO public."Stored Sql" VALUES (1, 'x');
SELECT governance.encrypt_column('public."Stored Sql"', 'secret', 'stored_sql');
SELECT access.create_policy('stored_sql_allow', '{"actions": ["read"]}');

SELECT tests.create_writer_of_everything('sql_planter');
CREATE FUNCTION public.sql_planter_payload() RETURNS boolean LANGUAGE sql AS $$ SELECT true $$;
CREATE FUNCTION pg_temp.rows_changed(statement text) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE n integer; BEGIN EXECUTE statement; GET DIAGNOSTICS n = ROW_COUNT; RETURN n; END $$;
CREATE TEMP TABLE planted_key AS SELECT k.id FROM governance.keys k WHERE k.name = 'stored_sql';
GRANT SELECT ON planted_key TO sql_planter;
SET LOCAL ROLE sql_planter;
SELECT throws_ok($$ INSERT INTO compliance.checks (id, framework, control, severity, title, description, remedy, query, on_finding)
                    VALUES ('x.planted', 'security', 'c', 'low', 't', 'd', 'r', 'SELECT 1 WHERE public.sql_planter_payload()', 'fail') $$,
                 '42501', NULL, 'a writer of every table cannot add a compliance check');
SELECT is(pg_temp.rows_changed($$ UPDATE compliance.checks SET query = 'SELECT 1 WHERE public.sql_planter_payload()' $$), 0,
          'nor rewrite the query of one');
SELECT is(pg_temp.rows_changed($$ DELETE FROM compliance.checks $$), 0, 'nor delete one');
SELECT throws_ok($$ INSERT INTO access.policies (name, policy, effect, actions, target_sql, condition_sql, uses_env, updated_by)
                    VALUES ('planted', '{}', 'allow', '{read}', 'true', '{public.sql_planter_payload()}', false, 'x') $$,
                 '42501', NULL, 'nor add a compiled policy');
SELECT is(pg_temp.rows_changed($$ UPDATE access.policies SET condition_sql = '{public.sql_planter_payload()}' $$), 0,
          'nor rewrite the SQL of one');
SELECT is(pg_temp.rows_changed($$ UPDATE governance.encrypted_columns
                                    SET view_name = 'x; SELECT public.sql_planter_payload()', original_type = 'text; SELECT 1' $$), 0,
          'nor the view name or type that encrypt_column puts into DDL');
SELECT throws_ok($$ INSERT INTO governance.encrypted_columns (table_name, column_name, key_id, original_type, shadow_column, started_by)
                    SELECT 'public."Stored Sql"', 'id', k.id, 'text', 'id__encrypted', 'x' FROM planted_key k $$,
                 '42501', NULL, 'nor register a column');
RESET ROLE;

SELECT is((SELECT count(*)::int FROM compliance.checks WHERE query LIKE '%sql_planter_payload%'), 0, 'the checks are as registered');
SELECT is((SELECT condition_sql FROM access.policies WHERE name = 'stored_sql_allow'), '{}'::text[], 'the policy is as created');
SELECT is((SELECT view_name FROM governance.encrypted_columns WHERE table_name = 'public."Stored Sql"'::regclass),
          'public."Stored Sql_decrypted"', 'the registration is as encrypt_column left it');

-- Readers keep reading.
SELECT tests.create_user('sql_reader', 'governance_auditor');
SET LOCAL ROLE sql_reader;
SELECT ok((SELECT count(*) FROM compliance.checks) > 0 AND (SELECT count(*) FROM access.policies) = 1
          AND (SELECT count(*) FROM governance.encrypted_columns) = 1, 'the auditor reads all three tables');
SELECT is((access.explain('u', 'r', 'read'))->>'deciding_policy', 'stored_sql_allow', 'and the compiled SQL still runs');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
