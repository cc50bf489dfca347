-- HIPAA 164.312(a)(2)(ii): emergency (break-glass) access is reviewed after the fact. The
-- review is recorded once per access, by the DPO, and the compliance check
-- hipaa.break_glass_unreviewed passes once every such access has one.
BEGIN;
SELECT plan(12);

CREATE TABLE public.er_visits (id int PRIMARY KEY, patient_id text NOT NULL, diagnosis text);
INSERT INTO public.er_visits VALUES (1, 'p1', 'arrest'), (2, 'p2', 'flu');
SELECT governance.classify('public.er_visits', 'diagnosis', 'health', 'restricted');
SELECT privacy.register_phi_table('public.er_visits', 'patient_id');
SELECT tests.create_user('er_app', 'governance_app');
SELECT tests.create_user('er_dpo', 'governance_dpo');
SELECT tests.create_user('er_auditor', 'governance_auditor');

SET LOCAL client_min_messages = error;
SELECT FROM privacy.request_phi_access('public.er_visits', ARRAY['p1'], break_glass_reason => 'cardiac arrest in ER');
SELECT governance.set_context('dr.grey', purpose => 'treatment');
SELECT FROM privacy.request_phi_access('public.er_visits', ARRAY['p2']);
RESET client_min_messages;
CREATE TEMP TABLE ids AS
    SELECT (SELECT id FROM privacy.phi_access_log WHERE break_glass) AS emergency,
           (SELECT id FROM privacy.phi_access_log WHERE NOT break_glass) AS routine;
GRANT SELECT ON ids TO PUBLIC;

SELECT is(tests.check_status('hipaa.break_glass_unreviewed'), 'fail', 'an unreviewed break-glass access fails the check');

SET LOCAL ROLE er_app;
SELECT throws_ok($$ SELECT privacy.review_break_glass((SELECT emergency FROM ids), 'justified', 'ok') $$, '42501', NULL,
                 'the application cannot review its own emergency accesses');
RESET ROLE;

SELECT tests.authenticate_as('er_dpo', 'dpo@clinic');
SELECT lives_ok($$ SELECT privacy.review_break_glass((SELECT emergency FROM ids), 'justified',
                                                      'patient was unconscious; chart confirms the ER admission') $$,
                'the DPO records the review');
SELECT results_eq($$ SELECT reviewed_by, review_outcome, review_note FROM privacy.break_glass_accesses $$,
                  $$ VALUES ('dpo@clinic', 'justified', 'patient was unconscious; chart confirms the ER admission') $$,
                  'the review shows with the access');
SELECT throws_ok($$ SELECT privacy.review_break_glass((SELECT emergency FROM ids), 'unjustified', 'second look') $$, '55000',
                 format('privacy.review_break_glass: break-glass access %s was already reviewed', (SELECT emergency FROM ids)),
                 'an access is reviewed once');
SELECT throws_ok($$ SELECT privacy.review_break_glass((SELECT routine FROM ids), 'justified', 'fine') $$, '22023',
                 format('privacy.review_break_glass: PHI access %s was not a break-glass access', (SELECT routine FROM ids)),
                 'only break-glass accesses are reviewed');
SELECT throws_ok($$ SELECT privacy.review_break_glass(-1, 'justified', 'fine') $$, 'P0002',
                 'privacy.review_break_glass: no PHI access -1', 'an unknown access is refused');
SELECT throws_ok($$ SELECT privacy.review_break_glass((SELECT emergency FROM ids), 'maybe', 'x') $$, '22023', NULL,
                 'the outcome is justified or unjustified');
SELECT throws_ok($$ SELECT privacy.review_break_glass((SELECT emergency FROM ids), 'justified', ' ') $$, '22023', NULL,
                 'a review says what was checked');
RESET ROLE;

SELECT throws_ok($$ UPDATE privacy.break_glass_reviews SET note = 'rewritten' $$, '42501', NULL,
                 'a review cannot be rewritten, even by the owner');
SELECT throws_ok($$ DELETE FROM privacy.break_glass_reviews $$, '42501', NULL, 'nor removed');

SET LOCAL ROLE er_auditor;
SELECT is((SELECT status FROM compliance.run_checks('hipaa') WHERE check_id = 'hipaa.break_glass_unreviewed'), 'pass',
          'once reviewed, the auditor''s check passes');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
