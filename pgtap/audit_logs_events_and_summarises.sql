BEGIN;
SELECT plan(11);

SELECT tests.create_user('audit_app_user', 'governance_app');
SELECT tests.authenticate_as('audit_app_user', 'bob', 'globex');
SELECT ok(audit.log_event('model_prediction', 'predict', 'model', 'churn-v3', '{"score": 0.91}', true, 12) > 0,
          'the application logs an event and gets its id');
SELECT audit.log_event('login', 'authenticate', success => false);
SELECT audit.log_event('database_query', 'select', 'table', 'public.customers', duration_ms => 40);
RESET ROLE;

SELECT results_eq(
    $$ SELECT event_type, action, resource_type, resource_id, details, success, duration_ms, actor, tenant
         FROM audit.events WHERE actor = 'bob' ORDER BY id $$,
    $$ VALUES ('model_prediction', 'predict', 'model', 'churn-v3', '{"score": 0.91}'::jsonb, true, 12, 'bob', 'globex'),
              ('login', 'authenticate', NULL, NULL, NULL, false, NULL, 'bob', 'globex'),
              ('database_query', 'select', 'table', 'public.customers', NULL, true, 40, 'bob', 'globex') $$,
    'events are stored with the session context');

SELECT throws_ok($$ SELECT audit.log_event('') $$, '22023', 'audit.log_event: event_type is required');
SELECT throws_ok($$ SELECT audit.log_event('x', duration_ms => -1) $$, '22023',
                 'audit.log_event: duration_ms must not be negative (got -1)');
SELECT throws_ok($$ SELECT audit.log_event('x', success => NULL) $$, '22004', 'audit.log_event: success must be true or false');
SELECT throws_ok($$ SELECT audit.log_event(' Audit.Purge', 'purge') $$, '42501',
                 'audit.log_event: event type '' Audit.Purge'' is reserved: types beginning with "audit." are recorded by pg-governance itself',
                 'nobody may log an event that reads as one of the pack''s own records');

CREATE TABLE public.items (id int PRIMARY KEY);
SELECT audit.enable('public.items');
INSERT INTO public.items SELECT generate_series(1, 3);
SELECT is((SELECT count(*)::int FROM audit.events WHERE event_type = 'audit.enable' AND resource_id = 'public.items'), 1,
          'the pack still records its own audit.enable event');

SELECT results_eq(
    $$ SELECT scope, name, total, failures, distinct_actors FROM audit.summary(now() - interval '1 minute', clock_timestamp())
        WHERE (scope, name) IN (('all', 'changes'), ('table', 'public.items'), ('event_type', 'login')) ORDER BY scope, name $$,
    $$ VALUES ('all', 'changes', 3::bigint, 0::bigint, 1::bigint),
              ('event_type', 'login', 1, 1, 1),
              ('table', 'public.items', 3, 0, 1) $$,
    'summary counts changes per table and events per type, with failures');
SELECT is((SELECT total FROM audit.summary(now() - interval '1 minute', clock_timestamp()) WHERE scope = 'all' AND name = 'events'),
          (SELECT count(*) FROM audit.events WHERE occurred_at >= now() - interval '1 minute'), 'events in total');
SELECT is_empty($$ SELECT * FROM audit.summary(now() - interval '2 days', now() - interval '1 day') WHERE total > 0 $$,
                'nothing outside the period');
SELECT throws_ok($$ SELECT * FROM audit.summary(now(), now() - interval '1 day') $$, '22023', NULL,
                 'a period that ends before it starts is refused');

SELECT * FROM finish();
ROLLBACK;
