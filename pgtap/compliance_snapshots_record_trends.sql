-- snapshot() stores a run of every check; trend gives a score per framework per run.
BEGIN;
SELECT plan(8);

-- Schema public grants CREATE to PUBLIC by default up to PostgreSQL 14, not from 15 on.
SELECT is(tests.check_status('security.public_create_schema'), CASE WHEN tests.version_at_least(15) THEN 'pass' ELSE 'fail' END,
          'the default schema public fails the check before 15 only');
REVOKE CREATE ON SCHEMA public FROM PUBLIC;  -- the same start on every major

SELECT tests.create_user('compliance_auditor', 'governance_auditor');
SELECT tests.authenticate_as('compliance_auditor', 'auditor@example.com');
SELECT lives_ok($$ SELECT compliance.snapshot() $$, 'an auditor can take a snapshot');
SELECT throws_ok($$ INSERT INTO compliance.snapshots (taken_by) VALUES ('forged') $$, '42501', NULL,
                 'but cannot write snapshots directly');
RESET ROLE;

SELECT is((SELECT count(*) FROM compliance.snapshot_results r JOIN compliance.snapshots s ON s.id = r.snapshot_id
            WHERE s.taken_by = 'auditor@example.com'),
          (SELECT count(*) FROM compliance.checks), 'the snapshot holds one result per check');
SELECT ok((SELECT bool_and(r.status <> 'skipped') FROM compliance.snapshot_results r
             JOIN compliance.snapshots s ON s.id = r.snapshot_id WHERE s.taken_by = 'auditor@example.com'),
          'snapshots run with the installing role''s privileges: nothing is skipped');

-- A new failure lowers the security score of the next snapshot.
CREATE ROLE "second super" SUPERUSER;
CREATE SCHEMA open_schema;
GRANT CREATE ON SCHEMA open_schema TO PUBLIC;
SELECT compliance.snapshot();
SELECT cmp_ok((SELECT score FROM compliance.trend WHERE framework = 'security' ORDER BY snapshot_id DESC LIMIT 1), '<',
              (SELECT score FROM compliance.trend WHERE framework = 'security' ORDER BY snapshot_id DESC OFFSET 1 LIMIT 1),
              'the trend shows the security score dropping');
SELECT is((SELECT failed - lag(failed) OVER (ORDER BY snapshot_id) FROM compliance.trend WHERE framework = 'security'
            ORDER BY snapshot_id DESC LIMIT 1), 1, 'by exactly the one new failure (the superuser is a warning)');
SELECT throws_ok($$ UPDATE compliance.snapshot_results SET status = 'pass' $$, '42501', NULL,
                 'snapshot results cannot be rewritten');

SELECT * FROM finish();
ROLLBACK;
