BEGIN;
SELECT plan(7);

CREATE TEMP TABLE ids AS
SELECT privacy.open_request('g', 'access') AS gdpr, privacy.open_request('c', 'access', 'ccpa') AS ccpa,
       privacy.open_request('x', 'objection') AS done;
SELECT privacy.verify_request((SELECT done FROM ids), 'email');
SELECT privacy.update_request_status((SELECT done FROM ids), 'rejected', 'manifestly unfounded');

SELECT is_empty($$ SELECT * FROM privacy.overdue_requests $$, 'nothing is overdue today');
SELECT results_eq($$ SELECT id FROM privacy.open_requests $$, $$ SELECT gdpr FROM ids UNION ALL SELECT ccpa FROM ids $$,
                  'open requests, soonest due first; the rejected one is not listed');
SELECT is_empty($$ SELECT * FROM privacy.open_requests_as_of(privacy.request_deadline('gdpr', now())) WHERE overdue $$,
                'on the GDPR due date itself, not yet overdue');
SELECT results_eq($$ SELECT id FROM privacy.open_requests_as_of(privacy.request_deadline('gdpr', now()) + interval '1 second')
                      WHERE overdue $$,
                  $$ SELECT gdpr FROM ids $$, 'a second after its month, the GDPR request is overdue');
SELECT results_eq($$ SELECT id FROM privacy.open_requests_as_of(now() + interval '46 days') WHERE overdue ORDER BY id $$,
                  $$ SELECT gdpr FROM ids UNION ALL SELECT ccpa FROM ids $$, 'after 46 days both are');

SELECT privacy.extend_request((SELECT ccpa FROM ids), 'large volume');
SELECT results_eq($$ SELECT id, days_left FROM privacy.open_requests_as_of(now() + interval '46 days') WHERE NOT overdue $$,
                  $$ SELECT ccpa, 44 FROM ids $$, 'extended, the CCPA request has 44 days left');

SELECT results_eq($$ SELECT regulation, request_type, received::int, rejected::int, still_open::int FROM privacy.request_summary
                      ORDER BY regulation, request_type $$,
                  $$ VALUES ('ccpa', 'access', 1, 0, 1), ('gdpr', 'access', 1, 0, 1), ('gdpr', 'objection', 1, 1, 0) $$,
                  'the monthly summary counts them');

SELECT * FROM finish();
ROLLBACK;
