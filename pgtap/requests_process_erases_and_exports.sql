BEGIN;
SELECT plan(18);

-- Integration with the erasure capability: access goes through privacy.gdpr_export,
-- erasure through privacy.gdpr_forget, then the workflow records are pseudonymized.
CREATE SCHEMA "Crm";
CREATE TABLE "Crm"."Client" (id integer PRIMARY KEY, email text NOT NULL);
CREATE TABLE "Crm".orders (id integer PRIMARY KEY, client_id integer NOT NULL REFERENCES "Crm"."Client", total numeric);
INSERT INTO "Crm"."Client" VALUES (7, 'seven@example.com'), (8, 'eight@example.com');
INSERT INTO "Crm".orders VALUES (1, 7, 10), (2, 7, 20), (3, 8, 30);
SELECT privacy.register_subject('client', '"Crm"."Client"', 'id');
SELECT privacy.register_purpose('newsletter', 'monthly newsletter', 'consent', 'v1');
SELECT privacy.record_consent('7', 'newsletter', true, NULL, '{"ip": "198.51.100.4", "user_agent": "Safari", "source": "web"}');
SELECT privacy.record_consent('8', 'newsletter', true);
SELECT privacy.log_data_sharing('7', 'Mailer Inc', ARRAY['email'], 'newsletter delivery', false);
SELECT privacy.record_gpc_signal('7', '{"header": "Sec-GPC: 1"}');
SELECT privacy.log_phi_access('7', 'disclosure', NULL, 'insurer called in an emergency', 'Acme Insurance');
SELECT lineage.register_model('churn', 'xgboost', 'ml');
SELECT lineage.log_prediction(lineage.register_model_version('churn', 'v1'), 'sha256:7', '{"churn": 0.8}', subject_key => '7');
SELECT governance.set_context('dpo@example.com');

CREATE TEMP TABLE r AS SELECT privacy.open_request('7', 'access') AS access, privacy.open_request('7', 'erasure') AS erasure;
SELECT privacy.verify_request((SELECT access FROM r), 'logged-in account');
SELECT FROM privacy.request_export('7', 'client');  -- access is an export: its record first
SELECT tests.as_if_committed();
CREATE TEMP TABLE export AS SELECT privacy.process_request((SELECT access FROM r)) AS doc;

SELECT is((SELECT jsonb_array_length(doc->'tables'->'"Crm".orders'->'rows') FROM export), 2, 'access: the export holds the subject''s orders');
SELECT is((SELECT doc->'consent_records'->0->>'purpose' FROM export), 'newsletter', 'its consents');
SELECT is((SELECT doc->'data_sharing'->0->>'third_party' FROM export), 'Mailer Inc', 'its sharing records');
SELECT is((SELECT doc->'opt_outs'->0->>'source' FROM export), 'gpc', 'its opt-outs (a GPC signal)');
SELECT is((SELECT doc->'phi_access_log'->0->>'recipient' FROM export), 'Acme Insurance', 'the logged accesses to its PHI');
SELECT is((SELECT doc->'predictions'->0->'output' FROM export), '{"churn": 0.8}'::jsonb,
          'the predictions made about it (profiling, Art. 15(1)(h))');
SELECT is((SELECT doc->'disclosures'->'third_parties'->0->>'third_party' FROM export), 'Mailer Inc',
          'and the CCPA right-to-know summary');
SELECT is((SELECT status FROM privacy.requests WHERE id = (SELECT access FROM r)), 'completed', 'the access request is completed');
SELECT is((SELECT details FROM privacy.request_events WHERE request_id = (SELECT access FROM r) AND event = 'processed'),
          '{"exported_tables": 2}', 'the evidence records what was exported, not the data');

SELECT throws_ok($$ SELECT privacy.gdpr_forget('7', 'client', (SELECT erasure FROM r)) $$, '55000', NULL,
                 'gdpr_forget cannot complete a request whose requester was not verified; nothing is erased');
SELECT is((SELECT count(*)::int FROM "Crm".orders WHERE client_id = 7), 2, 'the rows are still there');

SELECT privacy.verify_request((SELECT erasure FROM r), 'signed letter');
CREATE TEMP TABLE erased AS SELECT privacy.process_request((SELECT erasure FROM r)) AS result;
SELECT is((SELECT result->>'status' FROM erased), 'erased', 'erasure: gdpr_forget ran');
SELECT is((SELECT count(*)::int FROM "Crm".orders), 1, 'the subject''s rows are gone, the other client''s remain');
SELECT row_eq($$ SELECT status, completed_at IS NOT NULL FROM privacy.requests WHERE id = (SELECT erasure FROM r) $$,
              ROW('completed'::text, true), 'gdpr_forget completed the request');
SELECT results_eq($$ SELECT subject_key, evidence FROM privacy.consent_records WHERE purpose = 'newsletter' AND subject_key <> '8' $$,
                  $$ SELECT 'erased:' || (SELECT result->>'subject_hash' FROM erased), '{"source": "web"}'::jsonb $$,
                  'the consent record is kept as proof under the keyed hash, without IP and user agent');
SELECT ok(NOT privacy.has_consent('7', 'newsletter') AND privacy.has_consent('8', 'newsletter'),
          'the erased subject has no consent any more; the other keeps theirs');
SELECT is_empty($$ SELECT FROM privacy.requests WHERE subject_key = '7'
                   UNION ALL SELECT FROM privacy.data_sharing WHERE subject_key = '7' $$,
                'no workflow record names the erased subject');

SELECT throws_ok($$ SELECT privacy.pseudonymize_subject('8', 'not-a-hash'' OR true --') $$, '22023',
                 'privacy.pseudonymize_subject: subject_hash must be 64 hex digits (the hash privacy.gdpr_forget returns)');

SELECT * FROM finish();
ROLLBACK;
