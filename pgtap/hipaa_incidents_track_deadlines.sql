BEGIN;
SELECT plan(9);

SELECT governance.set_context('security@example.com');
CREATE TEMP TABLE i AS SELECT privacy.report_incident('lost laptop', 'high', 'unencrypted laptop with patient list') AS id;

SELECT row_eq($$ SELECT status, reported_by, authority_due_at - detected_at, individuals_due_at - detected_at
                   FROM privacy.incidents WHERE id = (SELECT id FROM i) $$,
              ROW('open'::text, 'security@example.com'::text, interval '72 hours', interval '60 days'),
              'deadlines: 72 hours to the authority, 60 days to individuals');
SELECT row_eq($$ SELECT status, authority_overdue, individuals_overdue FROM privacy.open_incidents $$,
              ROW('open'::text, false, false), 'listed as open, not late');
SELECT privacy.update_incident((SELECT id FROM i), 'contain');
SELECT privacy.update_incident((SELECT id FROM i), 'notify_authority');
SELECT throws_ok($$ SELECT privacy.update_incident((SELECT id FROM i), 'contain') $$, '55000', NULL, 'a step is recorded once');
SELECT throws_ok($$ UPDATE privacy.incidents SET detected_at = now() + interval '3 days' $$, '42501', NULL,
                 'the discovery time (and so the deadlines) cannot be moved');
SELECT row_eq($$ SELECT status, authority_notified_at IS NOT NULL FROM privacy.open_incidents $$,
              ROW('contained'::text, true), 'containment and notification are recorded');
SELECT privacy.update_incident((SELECT id FROM i), 'close', 'laptop recovered, disk wiped');
SELECT is_empty($$ SELECT * FROM privacy.open_incidents $$, 'a closed incident is no longer open');
SELECT throws_ok($$ SELECT privacy.update_incident((SELECT id FROM i), 'notify_individuals') $$, '55000', NULL,
                 'a closed incident is final');
SELECT throws_ok($$ SELECT privacy.report_incident('x', 'apocalyptic', 'd') $$, '22023',
                 'privacy.report_incident: unknown severity ''apocalyptic''');
SELECT throws_ok($$ SELECT privacy.update_incident(-5, 'close') $$, 'P0002', 'privacy.update_incident: incident -5 does not exist');

SELECT * FROM finish();
ROLLBACK;
