BEGIN;
SELECT plan(23);

SELECT lives_ok($$ SELECT privacy.register_purpose('marketing', 'newsletters and offers', 'consent', 'v1') $$,
                'a purpose is registered');
SELECT privacy.register_purpose('analytics', 'usage statistics', 'legitimate_interests', '2024-01');

SELECT ok(NOT privacy.has_consent('alice', 'marketing'), 'no decision yet: no consent');
SELECT ok(privacy.record_consent('alice', 'marketing', true, NULL,
                                 '{"source": "signup form", "ip": "192.0.2.7", "user_agent": "Firefox", "policy_text_hash": "ab12"}') > 0,
          'record_consent returns the new id');
SELECT ok(privacy.has_consent('alice', 'marketing'), 'given: has_consent is true');
SELECT ok(NOT privacy.has_consent('alice', 'analytics'), 'only for that purpose');
SELECT ok(NOT privacy.has_consent('bob', 'marketing'), 'and only for that subject');

SELECT privacy.withdraw_consent('alice', 'marketing');
SELECT ok(NOT privacy.has_consent('alice', 'marketing'), 'withdrawn: has_consent is false');
SELECT privacy.record_consent('alice', 'marketing', true);
SELECT ok(privacy.has_consent('alice', 'marketing'), 're-given: true again');

SELECT results_eq($$ SELECT granted, policy_version, evidence->>'source' FROM privacy.consent_records
                      WHERE subject_key = 'alice' ORDER BY id $$,
                  $$ VALUES (true, 'v1', 'signup form'), (false, 'v1', 'withdrawal'), (true, 'v1', NULL) $$,
                  'the whole history is kept, under the policy version in force');

-- A new policy version: earlier consent still counts until re-consent is required.
SELECT privacy.register_purpose('marketing', 'newsletters, offers and partners', 'consent', 'v2');
SELECT ok(privacy.has_consent('alice', 'marketing'), 'a consent under v1 counts after v2 is published');
SELECT is(privacy.require_reconsent('marketing'), 1, 'require_reconsent supersedes v1');
SELECT ok(NOT privacy.has_consent('alice', 'marketing'), 'a consent under a superseded version no longer counts');
SELECT privacy.record_consent('alice', 'marketing', true, 'v2');
SELECT ok(privacy.has_consent('alice', 'marketing'), 'consent under the current version counts');
-- A grant under a superseded version would never count, and, being the latest decision,
-- would silently cancel the valid one (an application with a cached policy version).
SELECT throws_ok($$ SELECT privacy.record_consent('alice', 'marketing', true, 'v1') $$, '22023',
                 'privacy.record_consent: policy version ''v1'' of purpose ''marketing'' was superseded; a consent to it no longer counts',
                 'a grant under a superseded version is refused');
SELECT ok(privacy.has_consent('alice', 'marketing'), 'and the valid consent stands');
SELECT privacy.record_consent('alice', 'marketing', false, 'v1');
SELECT ok(NOT privacy.has_consent('alice', 'marketing'), 'a refusal counts whatever its version: latest decision wins');

SELECT throws_ok($$ SELECT privacy.record_consent('alice', 'nope', true) $$, '22023',
                 'privacy.record_consent: unknown purpose ''nope''');
SELECT throws_ok($$ SELECT privacy.record_consent('alice', 'marketing', true, 'v9') $$, '22023',
                 'privacy.record_consent: purpose ''marketing'' has no policy version ''v9''');
SELECT throws_ok($$ SELECT privacy.record_consent('', 'marketing', true) $$, '22023',
                 'privacy.record_consent: subject_key must be a non-empty string');
SELECT throws_ok($$ SELECT privacy.record_consent('alice', 'marketing', true, NULL, '{"ip": "not an ip"}') $$, '22023',
                 'privacy.record_consent: evidence ip ''not an ip'' is not an IP address');
SELECT throws_ok($$ SELECT privacy.register_purpose('Bad Name''; DROP TABLE x; --', 'd', 'consent', 'v1') $$, '22023', NULL,
                 'a hostile purpose name is rejected');
SELECT throws_ok($$ SELECT privacy.register_purpose('ads', 'd', 'because', 'v1') $$, '22023',
                 'privacy.register_purpose: unknown lawful basis ''because''');

-- Hostile values are data, not SQL.
SELECT privacy.record_consent($k$'; DROP TABLE privacy.consent_records; --$k$, 'analytics', true);
SELECT ok(privacy.has_consent($k$'; DROP TABLE privacy.consent_records; --$k$, 'analytics'),
          'a hostile subject key is stored and found as a value');

SELECT * FROM finish();
ROLLBACK;
