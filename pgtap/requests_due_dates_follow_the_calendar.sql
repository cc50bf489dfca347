BEGIN;
SELECT plan(14);

-- Deadlines are computed on the UTC calendar, whatever the session's time zone.
SET LOCAL TIME ZONE 'Pacific/Auckland';

SELECT is(privacy.request_deadline('gdpr', '2023-01-31 10:00+00'), '2023-02-28 10:00+00', 'GDPR: 31 January -> 28 February');
SELECT is(privacy.request_deadline('gdpr', '2024-01-31 10:00+00'), '2024-02-29 10:00+00', 'GDPR: in a leap year -> 29 February');
SELECT is(privacy.request_deadline('gdpr', '2024-01-29 10:00+00'), '2024-02-29 10:00+00', '29 January 2024 -> 29 February');
SELECT is(privacy.request_deadline('gdpr', '2023-03-31 23:30+00'), '2023-04-30 23:30+00', 'GDPR: 31 March -> 30 April');
SELECT is(privacy.request_deadline('gdpr', '2023-12-15 08:00+00'), '2024-01-15 08:00+00', 'GDPR: across the year end');
SELECT is(privacy.request_deadline('gdpr', '2024-02-29 12:00+00'), '2024-03-29 12:00+00', 'GDPR: 29 February -> 29 March');
SELECT is(privacy.request_deadline('gdpr', '2023-01-31 10:00+00', true), '2023-04-28 10:00+00',
          'GDPR extended: two further months from the first deadline (28 February -> 28 April)');
SELECT is(privacy.request_deadline('gdpr', '2023-11-30 10:00+00', true), '2024-02-29 10:00+00',
          'GDPR extended: 30 November -> 30 December -> 29 February 2024');
SELECT is(privacy.request_deadline('ccpa', '2024-02-01 00:00+00'), '2024-03-17 00:00+00', 'CCPA: 45 days over a leap February');
SELECT is(privacy.request_deadline('ccpa', '2023-02-01 00:00+00'), '2023-03-18 00:00+00', 'CCPA: 45 days over a common February');
SELECT is(privacy.request_deadline('ccpa', '2023-12-20 00:00+00', true), '2024-03-19 00:00+00', 'CCPA extended: 90 days');
SELECT is(privacy.request_deadline('hipaa', '2023-03-01 00:00+00'), '2023-03-31 00:00+00', 'HIPAA: 30 days');

CREATE TEMP TABLE opened AS SELECT privacy.open_request('k', 'access') AS gdpr, privacy.open_request('k', 'access', 'ccpa') AS ccpa;
SELECT is((SELECT due_at FROM privacy.requests WHERE id = (SELECT gdpr FROM opened)),
          privacy.request_deadline('gdpr', now()), 'open_request stores the GDPR deadline');
SELECT is((SELECT due_at FROM privacy.requests WHERE id = (SELECT ccpa FROM opened)),
          (now() AT TIME ZONE 'UTC' + interval '45 days') AT TIME ZONE 'UTC', 'and the CCPA one');

SELECT * FROM finish();
ROLLBACK;
