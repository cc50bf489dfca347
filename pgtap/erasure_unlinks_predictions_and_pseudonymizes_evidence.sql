BEGIN;
SELECT plan(13);
SET LOCAL client_min_messages = warning;
\ir helpers/erasure_schema.sql
SELECT shop.populate(5, 1);
SELECT shop.configure_privacy();
SELECT governance.set_context('dpo@example.com');

-- Predictions about customers 3 and 4 and one about nobody; consent, opt-out, sharing and
-- a request that name customer 3 (and customer 4, who must keep theirs).
SELECT lineage.register_model('churn', 'XGBoost');
CREATE TEMP TABLE mv AS SELECT lineage.register_model_version('churn', '1.0') AS id;
CREATE TEMP TABLE dep AS SELECT lineage.deploy_model((SELECT id FROM mv), 'production', 'https://api/churn') AS id;
SELECT lineage.log_prediction((SELECT id FROM mv), 'sha256:c3a', '{"churn": 0.9}', '3', (SELECT id FROM dep));
SELECT lineage.log_prediction((SELECT id FROM mv), 'sha256:c3b', '{"churn": 0.8}', '3');
SELECT lineage.log_prediction((SELECT id FROM mv), 'sha256:c4', '{"churn": 0.1}', '4');
SELECT lineage.log_prediction((SELECT id FROM mv), 'sha256:anon', '{"churn": 0.5}');
SELECT privacy.register_purpose('newsletter', 'monthly newsletter', 'consent', 'v1');
SELECT privacy.record_consent('3', 'newsletter', true, NULL, '{"ip": "198.51.100.4", "user_agent": "Safari", "source": "web"}');
SELECT privacy.record_consent('4', 'newsletter', true, NULL, '{"ip": "198.51.100.9", "source": "web"}');
SELECT privacy.opt_out_of_sale('3');
SELECT privacy.log_data_sharing('3', 'Mailer Inc', ARRAY['email'], 'newsletter delivery', false);
SELECT privacy.open_request('3', 'access');

CREATE TEMP TABLE before AS SELECT * FROM lineage.predictions;

-- A direct gdpr_forget, no request: the path the forget CLI takes.
CREATE TEMP TABLE erased AS SELECT privacy.gdpr_forget('3', 'customer') AS result;

SELECT is_empty($$ SELECT FROM lineage.predictions WHERE subject_key = '3' $$,
                'after forget no prediction carries the subject''s key');
SELECT results_eq($$ SELECT id, model_version_id, deployment_id, output, predicted_at, subject_key, input_hash
                       FROM lineage.predictions WHERE id IN (SELECT id FROM before WHERE subject_key = '3') ORDER BY id $$,
                  $$ SELECT id, model_version_id, deployment_id, output, predicted_at, NULL::text, 'erased'::text
                       FROM before WHERE subject_key = '3' ORDER BY id $$,
                  'the subject''s predictions keep model version, deployment, output and time; key and input hash are gone');
SELECT set_eq($$ SELECT to_jsonb(p) FROM lineage.predictions p WHERE p.id NOT IN (SELECT id FROM before WHERE subject_key = '3') $$,
              $$ SELECT to_jsonb(b) FROM before b WHERE b.subject_key IS DISTINCT FROM '3' $$,
              'every other prediction is unchanged');
SELECT is((SELECT result->'predictions_unlinked' FROM erased), '2'::jsonb, 'the result counts the unlinked predictions');
SELECT is(lineage.subject_impact('3')->'predictions', '0'::jsonb, 'lineage no longer finds predictions about the subject');
SELECT row_eq($$ SELECT lineage->'predictions', lineage->'predictions_unlinked', lineage ? 'prediction_ids'
                   FROM privacy.erasures WHERE id = (SELECT (result->>'erasure_id')::bigint FROM erased) $$,
              ROW('2'::jsonb, '2'::jsonb, false),
              'the erasure record keeps the lineage impact read before unlinking, without prediction ids');

SELECT is_empty($$ SELECT FROM privacy.consent_records WHERE subject_key = '3'
                   UNION ALL SELECT FROM privacy.requests WHERE subject_key = '3'
                   UNION ALL SELECT FROM privacy.opt_outs WHERE subject_key = '3'
                   UNION ALL SELECT FROM privacy.data_sharing WHERE subject_key = '3' $$,
                'a direct gdpr_forget leaves no consent, request, opt-out or sharing record naming the subject');
SELECT results_eq($$ SELECT purpose, granted, evidence FROM privacy.consent_records
                      WHERE subject_key = 'erased:' || (SELECT result->>'subject_hash' FROM erased) $$,
                  $$ VALUES ('newsletter'::text, true, '{"source": "web"}'::jsonb) $$,
                  'the consent proof is kept under the keyed hash, without IP and user agent (docs/consent.md)');
SELECT ok(NOT EXISTS (SELECT FROM privacy.consent_records c WHERE c.evidence::text LIKE '%198.51.100.4%'),
          'the subject''s IP address is nowhere in the consent evidence');
SELECT is((SELECT result->'pseudonymized' FROM erased),
          '{"consent_records": 1, "requests": 1, "opt_outs": 1, "data_sharing": 1, "phi_access_log": 0}'::jsonb,
          'the result counts the pseudonymized records per table');
SELECT ok(privacy.has_consent('4', 'newsletter')
          AND (SELECT evidence->>'ip' FROM privacy.consent_records WHERE subject_key = '4') = '198.51.100.9',
          'another subject''s consent and evidence are untouched');
SELECT ok(NOT EXISTS (SELECT FROM privacy.erasures e WHERE to_jsonb(e)::text ~ '"3"|sha256:c3'),
          'the erasure record holds neither the key nor the input hashes');

SELECT is((privacy.gdpr_forget('3', 'customer'))->>'status', 'already_erased', 'a second forget is still a no-op');

SELECT * FROM finish();
ROLLBACK;
