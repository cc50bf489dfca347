BEGIN;
SELECT plan(16);

SELECT privacy.register_purpose('marketing', 'newsletters', 'consent', 'v1');
SELECT privacy.record_consent('s1', 'marketing', true);
SELECT privacy.open_request('s1', 'access');
SELECT privacy.opt_out_of_sale('s1');
SELECT privacy.log_data_sharing('s2', 'Partner', ARRAY['email'], 'delivery', false);
SELECT governance.set_context('dr', purpose => 'treatment');
SELECT privacy.log_phi_access('p1');
SELECT tests.create_user('consent_app', 'governance_app');

-- The application role: no write privilege on any workflow table.
SET LOCAL ROLE consent_app;
SELECT throws_ok($$ UPDATE privacy.consent_records SET granted = false $$, '42501', NULL, 'app: UPDATE consent_records refused');
SELECT throws_ok($$ DELETE FROM privacy.consent_records $$, '42501', NULL, 'app: DELETE consent_records refused');
SELECT throws_ok($$ INSERT INTO privacy.consent_records (subject_key, purpose, granted, policy_version, recorded_by)
                    VALUES ('x', 'marketing', true, 'v1', 'x') $$, '42501', NULL, 'app: INSERT consent_records refused');
SELECT throws_ok($$ UPDATE privacy.requests SET status = 'completed' $$, '42501', NULL, 'app: UPDATE requests refused');
SELECT throws_ok($$ DELETE FROM privacy.data_sharing $$, '42501', NULL, 'app: DELETE data_sharing refused');
SELECT throws_ok($$ DELETE FROM privacy.phi_access_log $$, '42501', NULL, 'app: DELETE phi_access_log refused');
SELECT throws_ok($$ UPDATE privacy.incidents SET status = 'closed' $$, '42501', NULL, 'app: UPDATE incidents refused');
RESET ROLE;

-- Even the owner: the history triggers refuse.
SELECT throws_ok($$ UPDATE privacy.consent_records SET granted = false $$, '42501',
                 'privacy.consent_records is append-only: UPDATE refused');
SELECT throws_ok($$ DELETE FROM privacy.request_events $$, '42501', 'privacy.request_events is append-only: DELETE refused');
SELECT throws_ok($$ TRUNCATE privacy.opt_outs $$, '42501', 'privacy.opt_outs is append-only: TRUNCATE refused');
SELECT throws_ok($$ UPDATE privacy.data_sharing SET is_sale = true $$, '42501', 'privacy.data_sharing is append-only: UPDATE refused');
SELECT throws_ok($$ UPDATE privacy.phi_access_log SET reason = 'x' $$, '42501', 'privacy.phi_access_log is append-only: UPDATE refused');
SELECT throws_ok($$ DELETE FROM privacy.requests $$, '42501', 'privacy.requests is append-only: DELETE refused');
SELECT is((SELECT count(*)::int FROM privacy.consent_records), 1, 'nothing was changed');

-- The one change allowed is erasure's pseudonymization, and nothing may ride along with it.
SELECT throws_ok($$ UPDATE privacy.consent_records SET subject_key = 'erased:' || repeat('ab', 32), granted = false $$, '42501',
                 'privacy.consent_records is append-only: UPDATE refused', 'a pseudonymization that also flips the decision is refused');
SELECT lives_ok($$ UPDATE privacy.consent_records SET subject_key = 'erased:' || repeat('ab', 32) $$,
                'replacing the key by its hash alone is allowed');

SELECT * FROM finish();
ROLLBACK;
