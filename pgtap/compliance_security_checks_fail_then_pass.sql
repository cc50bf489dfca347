-- Each security check fails when the weakness is introduced and passes once the remedy
-- is applied. Settings the throwaway cluster cannot change (ssl, trust lines, connection
-- logging) are shown failing here and passing in tests/test_compliance_server.py.
BEGIN;
SELECT plan(32);

CREATE FUNCTION pg_temp.finds(id text, item jsonb) RETURNS boolean LANGUAGE sql AS
$$ SELECT evidence @> jsonb_build_array($2) FROM tests.check_result($1) $$;

-- ssl: off in the throwaway cluster.
SELECT results_eq($$ SELECT status, evidence FROM tests.check_result('security.ssl') $$,
                  $$ VALUES ('fail', '[{"ssl": "off"}]'::jsonb) $$, 'ssl off fails');
SELECT matches((SELECT remedy FROM tests.check_result('security.ssl')), 'ALTER SYSTEM SET ssl = on', 'and says how to turn it on');

-- trust: the throwaway cluster's pg_hba.conf is all trust.
SELECT is(tests.check_status('security.hba_trust'), 'fail', 'trust lines in pg_hba.conf fail');
SELECT ok((SELECT bool_and(e ? 'line_number') FROM tests.check_result('security.hba_trust'), jsonb_array_elements(evidence) e),
          'the evidence names the pg_hba.conf lines');

SELECT is(tests.check_status('security.log_connections'), 'fail', 'log_connections off fails');
SELECT is(tests.check_status('security.log_disconnections'), 'fail', 'log_disconnections off fails');

SET LOCAL log_statement = 'none';
SELECT is(tests.check_status('security.log_statement'), 'fail', 'log_statement = none fails');
SET LOCAL log_statement = 'ddl';
SELECT is(tests.check_status('security.log_statement'), 'pass', 'log_statement = ddl passes');

SET LOCAL password_encryption = 'md5';
SELECT is(tests.check_status('security.password_encryption'), 'fail', 'password_encryption = md5 fails');

-- A login role with an MD5 hash.
CREATE ROLE "Md5 ""user""" LOGIN PASSWORD 'correct horse';
SELECT ok(pg_temp.finds('security.md5_passwords', '{"role": "Md5 \"user\""}'), 'a login role with an md5 hash is found');
SET LOCAL password_encryption = 'scram-sha-256';
SELECT is(tests.check_status('security.password_encryption'), 'pass', 'scram-sha-256 passes');
ALTER ROLE "Md5 ""user""" PASSWORD 'correct horse';
SELECT is(tests.check_status('security.md5_passwords'), 'pass', 'resetting the password under scram passes');

CREATE ROLE nopass_login LOGIN;
SELECT ok(pg_temp.finds('security.login_without_password', '{"role": "nopass_login"}'), 'a login role without password is found');
ALTER ROLE nopass_login PASSWORD 'x y z';
SELECT ok(NOT pg_temp.finds('security.login_without_password', '{"role": "nopass_login"}'), 'and no longer once it has one');

CREATE ROLE "extra super" SUPERUSER;
SELECT results_eq($$ SELECT status, evidence FROM tests.check_result('security.superusers') $$,
                  $$ VALUES ('warn', '[{"role": "extra super", "can_login": false}]'::jsonb) $$, 'a second superuser is flagged');
ALTER ROLE "extra super" NOSUPERUSER;
SELECT is(tests.check_status('security.superusers'), 'pass', 'NOSUPERUSER passes');

CREATE ROLE "rls bypasser" BYPASSRLS;
SELECT results_eq($$ SELECT status, evidence FROM tests.check_result('security.bypassrls_roles') $$,
                  $$ VALUES ('warn', '[{"role": "rls bypasser", "can_login": false}]'::jsonb) $$, 'a BYPASSRLS role is flagged');
ALTER ROLE "rls bypasser" NOBYPASSRLS;
SELECT is(tests.check_status('security.bypassrls_roles'), 'pass', 'NOBYPASSRLS passes');

-- pg_read_all_data and pg_write_all_data are 14+: on 13 nobody can be a member.
CREATE ROLE "reads everything";
SELECT tests.execute_if(tests.version_at_least(14), 'GRANT pg_read_all_data TO "reads everything"');
SELECT results_eq($$ SELECT status, evidence FROM tests.check_result('security.all_data_roles') $$,
    CASE WHEN tests.version_at_least(14)
         THEN $$ VALUES ('warn', '[{"role": "reads everything", "predefined_role": "pg_read_all_data", "can_login": false}]'::jsonb) $$
         ELSE $$ SELECT 'pass', evidence FROM tests.check_result('security.all_data_roles') $$ END,
    'a member of pg_read_all_data is flagged (14+; on 13 the check passes)');
SELECT tests.execute_if(tests.version_at_least(14), 'REVOKE pg_read_all_data FROM "reads everything"');
SELECT is(tests.check_status('security.all_data_roles'), 'pass', 'revoking it passes');

ALTER DEFAULT PRIVILEGES FOR ROLE "rls bypasser" IN SCHEMA public GRANT SELECT ON TABLES TO PUBLIC;
SELECT results_eq($$ SELECT status, evidence FROM tests.check_result('security.public_default_privileges') $$,
    $$ VALUES ('fail', '[{"role": "rls bypasser", "schema": "public", "objects": "tables", "privilege": "SELECT"}]'::jsonb) $$,
    'default privileges granting SELECT to PUBLIC fail');
ALTER DEFAULT PRIVILEGES FOR ROLE "rls bypasser" IN SCHEMA public REVOKE SELECT ON TABLES FROM PUBLIC;
SELECT is(tests.check_status('security.public_default_privileges'), 'pass', 'revoking them passes');

REVOKE CREATE ON SCHEMA public FROM PUBLIC;  -- granted by default up to 14 (compliance_snapshots_record_trends)
CREATE SCHEMA "Open Schema";
GRANT CREATE ON SCHEMA "Open Schema" TO PUBLIC;
SELECT results_eq($$ SELECT status, evidence FROM tests.check_result('security.public_create_schema') $$,
                  $$ VALUES ('fail', '[{"schema": "Open Schema"}]'::jsonb) $$, 'CREATE for PUBLIC on a schema fails');
REVOKE CREATE ON SCHEMA "Open Schema" FROM PUBLIC;
SELECT is(tests.check_status('security.public_create_schema'), 'pass', 'revoking it passes');

CREATE FUNCTION "Open Schema"."definer fn"() RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT 1';
SELECT results_eq($$ SELECT status, evidence FROM tests.check_result('security.definer_search_path') $$,
                  $$ VALUES ('fail', '[{"function": "\"Open Schema\".\"definer fn\"()", "owner": "postgres"}]'::jsonb) $$,
                  'a SECURITY DEFINER function without search_path fails');
ALTER FUNCTION "Open Schema"."definer fn"() SET search_path = pg_catalog, pg_temp;
SELECT is(tests.check_status('security.definer_search_path'), 'pass', 'pinning search_path passes');

GRANT EXECUTE ON FUNCTION governance.version() TO PUBLIC;
SELECT results_eq($$ SELECT status, evidence FROM tests.check_result('security.governance_public_execute') $$,
                  $$ VALUES ('fail', '[{"function": "governance.version()"}]'::jsonb) $$, 'a governance function executable by PUBLIC fails');
REVOKE EXECUTE ON FUNCTION governance.version() FROM PUBLIC;
SELECT is(tests.check_status('security.governance_public_execute'), 'pass', 'revoking EXECUTE passes');

GRANT SELECT ON governance.classifications TO PUBLIC;
SELECT results_eq($$ SELECT status, evidence FROM tests.check_result('security.governance_public_relations') $$,
                  $$ VALUES ('fail', '[{"object": "governance.classifications", "privilege": "SELECT"}]'::jsonb) $$,
                  'a governance table readable by PUBLIC fails');
REVOKE SELECT ON governance.classifications FROM PUBLIC;
SELECT is(tests.check_status('security.governance_public_relations'), 'pass', 'revoking it passes');

-- Erasure walks foreign keys: an unindexed one on personal data is slow and lock-heavy.
CREATE TABLE public."Cust omers" (id int PRIMARY KEY, email text);
CREATE TABLE public."Or""ders" (id int PRIMARY KEY, "cust id" int REFERENCES public."Cust omers", note text);
SELECT governance.classify('public."Cust omers"', 'email', 'contact');
SELECT results_eq($$ SELECT status, evidence FROM tests.check_result('security.unindexed_personal_fk') $$,
    $$ VALUES ('fail', '[{"table_name": "public.\"Or\"\"ders\"", "constraint_name": "Or\"ders_cust id_fkey", "columns": ["cust id"], "references_table": "public.\"Cust omers\""}]'::jsonb) $$,
    'a foreign key to a personal-data table without an index fails');
CREATE INDEX ON public."Or""ders" ("cust id");
SELECT is(tests.check_status('security.unindexed_personal_fk'), 'pass', 'indexing the referencing column passes');

SELECT * FROM finish();
ROLLBACK;
