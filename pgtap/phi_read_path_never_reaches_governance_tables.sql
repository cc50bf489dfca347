BEGIN;
SELECT plan(6);

-- read_phi reads a registered table with its owner's rights. Governance tables hold the
-- secrets no governance role may read (audit.hash_key, governance.context_key, ...): they
-- can be neither classified, nor registered as PHI, nor read through read_phi.
SELECT tests.create_user('phi_curious_dpo', 'governance_dpo');
SET LOCAL ROLE phi_curious_dpo;
SELECT throws_ok($$ SELECT governance.classify('audit.hash_key', 'key', 'health') $$, '42501',
                 'governance.classify: audit.hash_key is a governance table, not application data',
                 'a governance table cannot be classified');
SELECT throws_ok($$ SELECT privacy.register_phi_table('governance.context_key', 'singleton') $$, '42501',
                 'privacy.register_phi_table: governance.context_key is a governance table, not personal data',
                 'nor registered as a PHI table');
RESET ROLE;

-- A registration written past the functions (the owner, or a writer of every table).
INSERT INTO privacy.phi_tables (table_name, patient_column, registered_by) VALUES ('audit.hash_key', 'singleton', 'x');
SELECT tests.create_user('phi_curious_app', 'governance_app');
SET LOCAL ROLE phi_curious_app;
SELECT throws_ok($$ SELECT privacy.request_phi_access('audit.hash_key', NULL, 'curious') $$, '42501',
                 'privacy.request_phi_access: audit.hash_key is a governance table, not personal data',
                 'the PHI read path never reads a governance table');
RESET ROLE;

-- Application tables work as before.
CREATE TABLE public."Phi Visits" (id int PRIMARY KEY, patient text, diagnosis text);
INSERT INTO public."Phi Visits" VALUES (1, 'p1', 'flu');
SELECT governance.classify('public."Phi Visits"', 'diagnosis', 'health', 'restricted');
SELECT lives_ok($$ SELECT privacy.register_phi_table('public."Phi Visits"', 'patient') $$, 'an application table registers');
SET LOCAL ROLE phi_curious_app;
CREATE TEMP TABLE g AS SELECT privacy.request_phi_access('public."Phi Visits"', ARRAY['p1'], 'emergency') AS id;
SELECT tests.as_if_committed();
SELECT is((SELECT diagnosis FROM privacy.read_phi(NULL::public."Phi Visits", (SELECT id FROM g))), 'flu',
          'and is read through read_phi');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM privacy.phi_access_log WHERE patient = 'p1' AND break_glass), 1, 'the read is logged');

SELECT * FROM finish();
ROLLBACK;
