BEGIN;
SELECT plan(10);
SET LOCAL client_min_messages = warning;
\ir helpers/erasure_schema.sql
SELECT shop.populate(5, 1);
SELECT shop.configure_privacy();

-- Stand-ins for the capabilities built elsewhere, with the agreed signatures; dropped
-- first (in this rolled-back transaction) so the test is the same with or without them.
CREATE SCHEMA IF NOT EXISTS audit;
CREATE SCHEMA IF NOT EXISTS lineage;
DROP FUNCTION IF EXISTS audit.redact(regclass, jsonb, text) CASCADE;
DROP FUNCTION IF EXISTS governance.shred_subject_keys(text) CASCADE;
DROP FUNCTION IF EXISTS lineage.subject_impact(text) CASCADE;
DROP FUNCTION IF EXISTS lineage.forget_subject(text) CASCADE;
DROP TABLE IF EXISTS privacy.requests CASCADE;
CREATE TEMP TABLE redactions (tbl regclass, row_key jsonb, reason text);
-- Like the real one, it takes one key or an array of keys; it records one row per key.
CREATE FUNCTION audit.redact(tbl regclass, row_key jsonb, reason text) RETURNS void LANGUAGE sql
    AS $$ INSERT INTO pg_temp.redactions
          SELECT tbl, k, reason
            FROM jsonb_array_elements(CASE WHEN jsonb_typeof(row_key) = 'array' THEN row_key
                                           ELSE jsonb_build_array(row_key) END) k $$;
CREATE FUNCTION governance.shred_subject_keys(subject_key text) RETURNS integer LANGUAGE sql AS $$ SELECT 2 $$;
CREATE FUNCTION lineage.subject_impact(subject_key text) RETURNS jsonb LANGUAGE sql
    AS $$ SELECT '{"models": ["churn"], "prediction_ids": [5, 6]}'::jsonb $$;
CREATE TEMP TABLE unlinked (subject_key text);
CREATE FUNCTION lineage.forget_subject(subject_key text) RETURNS jsonb LANGUAGE sql
    AS $$ INSERT INTO pg_temp.unlinked VALUES (subject_key); SELECT '{"predictions_unlinked": 2}'::jsonb $$;
CREATE TABLE privacy.requests (id bigint PRIMARY KEY, subject_key text, status text, completed_at timestamptz);
INSERT INTO privacy.requests VALUES (77, '3', 'open', NULL);

-- (lineage.trained_on is the installed one: no model was trained on the shop's tables.)
SELECT is(privacy.erasure_plan('3', 'customer')->'lineage', '{"models": ["churn"], "prediction_ids": [5, 6], "trained_models": []}',
          'the plan carries the lineage impact');
SELECT FROM privacy.request_export('3', 'customer');  -- the export's record, committed first
SELECT tests.as_if_committed();
SELECT is(privacy.gdpr_export('3', 'customer')->'requests'->0->>'id', '77', 'export includes the subject''s requests');
SELECT throws_ok($$ SELECT privacy.gdpr_forget('3', 'customer', 78) $$, 'P0002',
                 'privacy.gdpr_forget: request 78 does not exist; nothing was changed');

SELECT is((privacy.gdpr_forget('3', 'customer', 77))->>'keys_shredded', '2', 'the subject''s keys are shredded and counted');
SELECT set_eq($$ SELECT tbl::text, row_key FROM redactions $$,
              $$ VALUES ('shop.customer', '{"id": 3}'::jsonb), ('shop.rental', '{"id": 3}'), ('shop."Payment Lines"', '{"id": 3}'),
                        ('shop.payment_note', '{"id": 3}'), ('shop.account', '{"id": 3}'), ('shop.event_2024', '{"id": 6, "at": "2024-04-01"}'),
                        ('shop.event_2025', '{"id": 7, "at": "2025-04-01"}'), ('shop.page_view_1', '{"seq": 1, "customer_id": 3}'),
                        ('shop.page_view_1', '{"seq": 2, "customer_id": 3}'), ('shop.favorite', '{"film_id": 4, "customer_id": 3}'),
                        ('shop.favorite', '{"film_id": 5, "customer_id": 3}'), ('shop.invoice', '{"id": 3}'),
                        ('shop.app_log', '{"id": 3}'), ('shop.address', '{"id": 3}') $$,
              'audit.redact is called with the primary key of every erased or anonymized row, partitions by name');
SELECT is((SELECT DISTINCT reason FROM redactions), 'GDPR erasure of a customer (request 77)', 'with the reason');
SELECT row_eq($$ SELECT status, completed_at IS NOT NULL FROM privacy.requests WHERE id = 77 $$, ROW('completed'::text, true),
              'the request is marked completed');
SELECT row_eq($$ SELECT request_id, keys_shredded, audit_redacted, lineage FROM privacy.erasures ORDER BY id DESC LIMIT 1 $$,
              ROW(77::bigint, 2, 14, '{"models": ["churn"], "trained_models": [], "predictions_unlinked": 2}'::jsonb),
              'the erasure record keeps the request, counts and the lineage impact without prediction ids');
SELECT results_eq($$ SELECT subject_key FROM unlinked $$, $$ VALUES ('3') $$,
                  'lineage.forget_subject is called once with the key');

-- A look-alike owned by another role is never called with the pack's rights.
SELECT tests.create_user('planter');
ALTER FUNCTION governance.shred_subject_keys(text) OWNER TO planter;
SELECT is((privacy.gdpr_forget('4', 'customer'))->'keys_shredded', 'null'::jsonb,
          'a function of the agreed name owned by someone else is not called');

SELECT * FROM finish();
ROLLBACK;
