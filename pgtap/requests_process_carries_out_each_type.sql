BEGIN;
SELECT plan(12);

SELECT privacy.register_purpose('marketing', 'newsletters', 'consent', 'v1');
SELECT privacy.register_purpose('profiling', 'recommendations', 'legitimate_interests', 'v1');
SELECT privacy.record_consent('u1', 'marketing', true);
SELECT privacy.record_consent('u1', 'profiling', true);
SELECT privacy.record_consent('u2', 'marketing', true);
SELECT privacy.record_consent('u2', 'profiling', true);
SELECT governance.set_context('dpo');

CREATE FUNCTION pg_temp.verified(subject_key text, request_type text, regulation text, details jsonb DEFAULT NULL)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE id bigint := privacy.open_request(subject_key, request_type, regulation, NULL, details);
BEGIN
    PERFORM privacy.verify_request(id, 'account login');
    RETURN id;
END $$;

-- CCPA opt-out of sale, and limit the use of sensitive personal information.
CREATE TEMP TABLE r AS SELECT pg_temp.verified('u1', 'opt_out_of_sale', 'ccpa') AS sale;
CREATE TEMP TABLE outcome AS SELECT privacy.process_request((SELECT sale FROM r)) AS result;
SELECT is((SELECT result->>'opt_out_id' FROM outcome),
          (SELECT id::text FROM privacy.opt_outs WHERE subject_key = 'u1'), 'an opt-out request records the opt-out');
SELECT row_eq($$ SELECT kind, source, request_id FROM privacy.opt_outs WHERE subject_key = 'u1' $$,
              ROW('sale'::text, 'request'::text, (SELECT sale FROM r)), 'linked to its request');
SELECT ok(privacy.has_opted_out('u1'), 'the subject has opted out');
SELECT is((SELECT status FROM privacy.requests WHERE id = (SELECT sale FROM r)), 'completed', 'the request is completed');
SELECT privacy.process_request(pg_temp.verified('u1', 'limit_use', 'ccpa'));
SELECT ok(privacy.has_opted_out('u1', 'limit_use'), 'limit_use is recorded as its own kind');

-- GDPR objection to one purpose, restriction of all processing.
SELECT is(privacy.process_request(pg_temp.verified('u1', 'objection', 'gdpr', '{"purposes": ["profiling"]}'))->'withdrawn' ? 'profiling',
          true, 'an objection withdraws the purposes it names');
SELECT ok(NOT privacy.has_consent('u1', 'profiling') AND privacy.has_consent('u1', 'marketing'), 'only those');
SELECT privacy.process_request(pg_temp.verified('u2', 'restriction', 'gdpr'));
SELECT ok(NOT privacy.has_consent('u2', 'profiling') AND NOT privacy.has_consent('u2', 'marketing'),
          'a restriction without purposes stops every purpose');
SELECT is((SELECT evidence->>'request_type' FROM privacy.consent_records WHERE subject_key = 'u2' ORDER BY id DESC LIMIT 1),
          'restriction', 'the consent records name the request');
SELECT is((SELECT count(*)::int FROM privacy.request_events WHERE event = 'processed'), 4, 'each outcome is logged');

SELECT throws_ok($$ SELECT privacy.open_request('u1', 'objection', 'gdpr', NULL, '{"purposes": ["nope"]}') $$, '22023', NULL,
                 'an objection to an unknown purpose is refused when opened');
SELECT throws_ok($$ SELECT privacy.process_request((SELECT sale FROM r)) $$, '55000', NULL, 'a completed request is not processed again');

SELECT * FROM finish();
ROLLBACK;
