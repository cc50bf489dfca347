-- gdpr.no_erasure_path reads the erasure capability's coverage: classified tables that no
-- registered subject reaches fail until they are linked.
BEGIN;
SELECT plan(3);

CREATE TABLE public."Cli ents" (id int PRIMARY KEY, email text);
CREATE TABLE public.tickets (id int PRIMARY KEY, client_id int REFERENCES public."Cli ents", body text);
SELECT governance.classify('public."Cli ents"', 'email', 'contact');
SELECT governance.classify('public.tickets', 'body', 'free_text');

SELECT results_eq($$ SELECT status, evidence FROM tests.check_result('gdpr.no_erasure_path') $$,
    $$ VALUES ('fail', '[{"table_name": "public.\"Cli ents\"", "columns": ["email"]}, {"table_name": "public.tickets", "columns": ["body"]}]'::jsonb) $$,
    'classified tables that no subject reaches fail');
SELECT privacy.register_subject('client', 'public."Cli ents"', 'id');
SELECT is(tests.check_status('gdpr.no_erasure_path'), 'pass',
          'registering the subject covers it and, through the foreign key, its tickets');

-- `check` and `report` run as governance_auditor: the check runs for it, not skipped.
CREATE TABLE public.leads (id int PRIMARY KEY, phone text);
SELECT governance.classify('public.leads', 'phone', 'contact');
SELECT tests.create_user('compliance_auditor_2', 'governance_auditor');
SET LOCAL ROLE compliance_auditor_2;
SELECT results_eq($$ SELECT status, evidence FROM compliance.run_checks('gdpr') WHERE check_id = 'gdpr.no_erasure_path' $$,
    $$ VALUES ('fail', '[{"table_name": "public.leads", "columns": ["phone"]}]'::jsonb) $$,
    'the auditor gets the check''s answer');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
