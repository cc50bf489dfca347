BEGIN;
SELECT plan(17);

SELECT governance.set_context('dpo@example.com');
CREATE TEMP TABLE ids AS SELECT privacy.open_request('k1', 'rectification') AS r1, privacy.open_request('k2', 'access', 'ccpa') AS r2;

SELECT is((SELECT status FROM privacy.requests WHERE id = (SELECT r1 FROM ids)), 'open', 'a new request is open');
SELECT throws_ok($$ SELECT privacy.update_request_status((SELECT r1 FROM ids), 'completed') $$, '55000',
                 format('privacy.requests: request %s cannot go from open to completed', (SELECT r1 FROM ids)),
                 'an unverified request cannot be completed');
SELECT throws_ok($$ SELECT privacy.process_request((SELECT r1 FROM ids)) $$, '55000',
                 format('privacy.process_request: request %s is open; only verified requests are carried out', (SELECT r1 FROM ids)));
SELECT lives_ok($$ SELECT privacy.verify_request((SELECT r1 FROM ids), 'signed letter and ID card') $$, 'identity is verified');
SELECT row_eq($$ SELECT status, verified_by, verification_method FROM privacy.requests WHERE id = (SELECT r1 FROM ids) $$,
              ROW('verified'::text, 'dpo@example.com'::text, 'signed letter and ID card'::text), 'verification recorded');
SELECT throws_ok($$ SELECT privacy.process_request((SELECT r1 FROM ids)) $$, '0A000', NULL,
                 'a rectification is not carried out automatically');
SELECT lives_ok($$ SELECT privacy.update_request_status((SELECT r1 FROM ids), 'completed', 'address corrected in CRM') $$);
SELECT ok((SELECT completed_at IS NOT NULL FROM privacy.requests WHERE id = (SELECT r1 FROM ids)), 'completed_at is set');
SELECT throws_ok($$ SELECT privacy.update_request_status((SELECT r1 FROM ids), 'rejected', 'changed my mind') $$, '55000',
                 format('privacy.requests: request %s is completed; a closed request cannot change', (SELECT r1 FROM ids)),
                 'a completed request is final');
SELECT throws_ok($$ UPDATE privacy.requests SET due_at = due_at + interval '1 year' WHERE id = (SELECT r2 FROM ids) $$, '42501',
                 format('privacy.requests: what request %s asked and when cannot be changed', (SELECT r2 FROM ids)),
                 'even the owner cannot move a statutory deadline');
SELECT throws_ok($$ SELECT privacy.update_request_status((SELECT r2 FROM ids), 'rejected') $$, '22023',
                 'privacy.update_request_status: note (the reason for the rejection) must be a non-empty string');

SELECT is(privacy.extend_request((SELECT r2 FROM ids), 'complex request, many systems'), now() + interval '90 days',
          'a CCPA extension adds 45 days');
SELECT throws_ok($$ SELECT privacy.extend_request((SELECT r2 FROM ids), 'again') $$, '55000', NULL, 'only one extension');
SELECT throws_ok($$ SELECT privacy.verify_request(-1, 'x') $$, 'P0002', 'privacy.verify_request: request -1 does not exist');
SELECT throws_ok($$ SELECT privacy.open_request('k', 'opt_out_of_sale') $$, '22023',
                 'privacy.open_request: opt_out_of_sale is a CCPA right; open it with regulation ''ccpa''');
SELECT throws_ok($$ SELECT privacy.open_request('k', 'forget me''; --') $$, '22023', NULL, 'an unknown type is refused');

SELECT results_eq($$ SELECT event, from_status, to_status, actor FROM privacy.request_events
                      WHERE request_id = (SELECT r1 FROM ids) ORDER BY id $$,
                  $$ VALUES ('opened', NULL, 'open', 'dpo@example.com'), ('status', 'open', 'verified', 'dpo@example.com'),
                            ('status', 'verified', 'completed', 'dpo@example.com') $$,
                  'every step is logged with its actor');

SELECT * FROM finish();
ROLLBACK;
