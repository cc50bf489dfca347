BEGIN;
SELECT plan(12);

CREATE TABLE public.ledger (id int PRIMARY KEY, amount int);
SELECT audit.enable('public.ledger');
INSERT INTO public.ledger VALUES (1, 10);
SELECT audit.log_event('login');
SELECT audit.seal();  -- so that there are chain links to attack (see audit_chain_detects_tampering)

-- As the owner (this test runs as the role that installed the pack).
SELECT throws_ok($$ UPDATE audit.changes SET actor = 'nobody' $$, '42501', NULL, 'the owner cannot UPDATE changes');
SELECT throws_ok($$ DELETE FROM audit.changes $$, '42501', NULL, 'nor DELETE them');
SELECT throws_ok($$ TRUNCATE audit.row_changes $$, '42501', NULL, 'nor TRUNCATE them');
SELECT throws_ok($$ UPDATE audit.statements SET actor = 'nobody' $$, '42501', NULL, 'nor UPDATE their statements');
SELECT throws_ok($$ TRUNCATE audit.statements $$, '42501', NULL, 'nor TRUNCATE those');
SELECT throws_ok($$ DELETE FROM audit.events $$, '42501', NULL, 'nor delete events');
SELECT throws_ok(pg_catalog.format('TRUNCATE audit.%I', (SELECT c.relname FROM pg_class c JOIN pg_inherits i ON i.inhrelid = c.oid
                                                          WHERE i.inhparent = 'audit.row_changes'::regclass LIMIT 1))::text,
                 '42501', NULL, 'nor truncate a partition');
SELECT throws_ok($$ DELETE FROM audit.chain $$, '42501', NULL, 'nor delete chain links');

-- As the application role.
SELECT tests.create_user('audit_app_user', 'governance_app');
GRANT USAGE ON SCHEMA public TO audit_app_user;
SET LOCAL ROLE audit_app_user;
SELECT throws_ok($$ SELECT * FROM audit.changes $$, '42501', NULL, 'the application cannot read the trail');
SELECT throws_ok($$ INSERT INTO audit.events (id, occurred_at, txid, actor, db_user, event_type, success)
                    VALUES (1, now(), 1, 'x', 'x', 'forged', true) $$, '42501', NULL, 'nor write it directly');
SELECT lives_ok($$ SELECT audit.log_event('login', success => false) $$, 'but it may log events');
RESET ROLE;

SELECT tests.create_user('audit_auditor_user', 'governance_auditor');
SET LOCAL ROLE audit_auditor_user;
SELECT is((SELECT count(*)::int FROM audit.events WHERE event_type = 'login'), 2, 'the auditor reads the trail');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
