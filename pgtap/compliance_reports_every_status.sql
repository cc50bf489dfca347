-- run_checks: one row per check with pass/fail/warn/not_applicable/skipped, framework
-- filtering, and a role that cannot see a check's inputs gets skipped, never pass.
BEGIN;
SELECT plan(19);

SELECT is((SELECT count(*) FROM compliance.run_checks()), (SELECT count(*) FROM compliance.checks),
          'run_checks returns one row per registered check');
SELECT ok((SELECT count(*) FROM compliance.checks) >= 30, 'at least 30 checks are registered');
SELECT is((SELECT array_agg(DISTINCT framework ORDER BY framework) FROM compliance.run_checks('hipaa')), ARRAY['hipaa'],
          'run_checks(framework) returns only that framework');
SELECT is((SELECT count(*) FROM compliance.run_checks(framework => 'gdpr')),
          (SELECT count(*) FROM compliance.checks WHERE framework = 'gdpr'), 'the argument is named framework');
SELECT throws_ok($$ SELECT * FROM compliance.run_checks('pci''; DROP TABLE compliance.checks; --') $$, '22023',
                 'compliance.run_checks: unknown framework ''pci''''; DROP TABLE compliance.checks; --''',
                 'an unknown (hostile) framework is refused with a clear message');
SELECT ok((SELECT bool_and(status IN ('pass', 'fail', 'warn', 'not_applicable', 'skipped')
                           AND remedy <> '' AND control <> '' AND evidence IS NOT NULL) FROM compliance.run_checks()),
          'every result has a known status, a control, a remedy and evidence');

-- A module that is not installed makes its checks not_applicable, naming what is missing.
INSERT INTO compliance.checks (id, framework, control, severity, title, description, remedy, query,
                               requires_relations, requires_functions)
VALUES ('gdpr.test_module_absent', 'gdpr', 'test', 'low', 'test', 'test', 'install it', 'SELECT 1 AS x',
        ARRAY['nomodule.things'], ARRAY['nomodule.fn(integer)']);
SELECT results_eq($$ SELECT status, evidence FROM tests.check_result('gdpr.test_module_absent') $$,
    $$ VALUES ('not_applicable', '{"missing": ["nomodule.things", "nomodule.fn(integer)"]}'::jsonb) $$,
    'a check whose relations and functions do not exist is not_applicable and names them');

-- Only the checks' own inputs matter: a row from the query is a finding.
UPDATE compliance.checks SET requires_relations = '{}', requires_functions = '{}' WHERE id = 'gdpr.test_module_absent';
SELECT results_eq($$ SELECT status, evidence FROM tests.check_result('gdpr.test_module_absent') $$,
    $$ VALUES ('fail', '[{"x": 1}]'::jsonb) $$, 'rows returned by the query are the evidence of a failure');

-- A broken check is skipped with its error, and the others still run.
INSERT INTO compliance.checks (id, framework, control, severity, title, description, remedy, query)
VALUES ('gdpr.test_broken', 'gdpr', 'test', 'low', 'test', 'test', 'fix it', 'SELECT 1 / 0 AS x');
SELECT results_eq($$ SELECT status, evidence FROM tests.check_result('gdpr.test_broken') $$,
    $$ VALUES ('skipped', '{"error": "22012: division by zero"}'::jsonb) $$,
    'a check whose query fails is skipped with the error, never pass');
SELECT is((SELECT count(*) FROM compliance.run_checks('gdpr')), (SELECT count(*) FROM compliance.checks WHERE framework = 'gdpr'),
          'and does not stop the other checks');

-- Waivers: a failure with a live waiver is a warning carrying the waiver.
SELECT throws_ok($$ SELECT compliance.waive('gdpr.test_module_absent', 'accepted', 'CISO', now() - interval '1 day') $$,
                 '22023', 'compliance.waive: expires_at must be in the future');
SELECT throws_ok($$ SELECT compliance.waive('gdpr.test_module_absent', ' ', 'CISO', now() + interval '1 day') $$,
                 '22023', 'compliance.waive: a reason and an approver are required');
SELECT compliance.waive('gdpr.test_module_absent', 'legacy app, replaced in Q3', 'CISO', now() + interval '30 days');
SELECT results_eq($$ SELECT status, waiver ->> 'reason', waiver ->> 'approved_by' FROM tests.check_result('gdpr.test_module_absent') $$,
    $$ VALUES ('warn', 'legacy app, replaced in Q3', 'CISO') $$, 'a waived failure is reported as warn with its waiver');
SELECT throws_ok($$ DELETE FROM compliance.waivers $$, '42501', NULL, 'waivers cannot be deleted');

-- A role that cannot see the inputs: skipped with the missing privilege, never pass.
CREATE TABLE public.compliance_private (id int);
INSERT INTO compliance.checks (id, framework, control, severity, title, description, remedy, query)
VALUES ('soc2.test_reads_a_private_table', 'soc2', 'test', 'low', 'test', 'test', 'none', 'SELECT * FROM public.compliance_private');
SELECT tests.create_user('compliance_reader', 'governance_auditor');
SET LOCAL ROLE compliance_reader;
SELECT results_eq($$ SELECT status, evidence FROM compliance.run_checks('soc2') WHERE check_id = 'soc2.test_reads_a_private_table' $$,
    $$ VALUES ('skipped', '{"permission_denied": "permission denied for table compliance_private"}'::jsonb) $$,
    'a check the server refuses is skipped with the server''s words');
SELECT results_eq($$ SELECT status, evidence FROM compliance.run_checks('security') WHERE check_id = 'security.hba_trust' $$,
    $$ VALUES ('skipped', '{"missing_privileges": ["EXECUTE on pg_catalog.pg_hba_file_rules()", "SELECT on pg_catalog.pg_hba_file_rules"]}'::jsonb) $$,
    'hba_trust is skipped for a role that cannot read pg_hba_file_rules, naming the missing privileges');
SELECT results_eq($$ SELECT status, evidence FROM compliance.run_checks('hipaa') WHERE check_id = 'hipaa.pgaudit_not_loaded' $$,
    $$ VALUES ('skipped', '{"missing_privileges": ["membership in pg_read_all_settings"]}'::jsonb) $$,
    'the pgaudit check needs pg_read_all_settings to read shared_preload_libraries');
RESET ROLE;
GRANT pg_read_all_settings TO compliance_reader;
SET LOCAL ROLE compliance_reader;
SELECT is((SELECT status FROM compliance.run_checks('hipaa') WHERE check_id = 'hipaa.pgaudit_not_loaded'), 'pass',
          'with pg_read_all_settings the check runs');
SELECT is((SELECT status FROM compliance.run_checks('security') WHERE check_id = 'security.md5_passwords'), 'skipped',
          'reading password hashes needs SELECT on pg_authid');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
