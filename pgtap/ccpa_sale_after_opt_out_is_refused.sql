BEGIN;
SELECT plan(11);

SELECT governance.set_context('shop-backend');
SELECT ok(privacy.log_data_sharing('c1', 'AdNetwork', ARRAY['identifiers', 'browsing history'], 'targeted ads', true) > 0,
          'a sale before any opt-out is recorded');
SELECT ok(NOT privacy.has_opted_out('c1'), 'no opt-out yet');
SELECT ok(privacy.opt_out_of_sale('c1') > 0, 'opt_out_of_sale returns the opt-out id');
SELECT throws_ok($$ SELECT privacy.log_data_sharing('c1', 'AdNetwork', ARRAY['identifiers'], 'targeted ads', true) $$, '42501',
                 'privacy.log_data_sharing: the subject opted out of sale; selling to AdNetwork is refused',
                 'a sale after opt-out is refused');
SELECT ok(privacy.log_data_sharing('c1', 'Courier', ARRAY['address'], 'delivery', false) > 0,
          'disclosure to a service provider (not a sale) is still allowed');

SELECT privacy.record_gpc_signal('c2', '{"header": "Sec-GPC: 1", "user_agent": "Firefox"}');
SELECT row_eq($$ SELECT kind, source, evidence->>'header' FROM privacy.opt_outs WHERE subject_key = 'c2' $$,
              ROW('sale'::text, 'gpc'::text, 'Sec-GPC: 1'::text), 'a Global Privacy Control signal is an opt-out');
SELECT throws_ok($$ SELECT privacy.log_data_sharing('c2', 'Broker', ARRAY['email'], 'resale', true) $$, '42501', NULL,
                 'and blocks sales');

SELECT is(privacy.sharing_disclosures('c1'),
          jsonb_build_object('since', now() - interval '12 months', 'categories', '["address", "browsing history", "identifiers"]'::jsonb,
                             'third_parties', '[{"third_party": "AdNetwork", "sold": true, "categories": ["browsing history", "identifiers"]},
                                                {"third_party": "Courier", "sold": false, "categories": ["address"]}]'::jsonb),
          'right to know: categories and third parties of the last 12 months');
SELECT is(privacy.sharing_disclosures('c1', now() + interval '13 months')->'third_parties', '[]',
          'a year later, nothing in the window');

SELECT throws_ok($$ SELECT privacy.log_data_sharing('c3', 'X', ARRAY[]::text[], 'p', false) $$, '22023',
                 'privacy.log_data_sharing: categories must be a non-empty array without NULLs');
SELECT throws_ok($$ SELECT privacy.log_data_sharing('c3', '', ARRAY['email'], 'p', false) $$, '22023',
                 'privacy.log_data_sharing: third_party must be a non-empty string');

SELECT * FROM finish();
ROLLBACK;
