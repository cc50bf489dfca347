-- activity_anomalies: actors far above their own baseline, robust to their own spikes.
BEGIN;
SELECT plan(10);

CREATE TABLE public."Event Log" ("who did it" text, "when" timestamptz, tbl text);
CREATE TABLE public.patients (id int, diagnosis text);
SELECT governance.classify('public.patients', 'diagnosis', 'health', 'restricted');

-- 14 days of hourly activity: 'steady' 20-24 changes an hour, the hostile-named one 2-4.
INSERT INTO public."Event Log"
SELECT actor, now() - h * interval '1 hour' - interval '1 minute' * m, 'public.patients'
  FROM (VALUES ('steady', 20), ('Robert''); DROP TABLE x; --', 2)) a(actor, base),
       generate_series(1, 14 * 24) h,
       LATERAL generate_series(1, base + h % 5) m;
-- The last hour: steady as usual, the hostile-named actor jumps to 60, a newcomer does 30,
-- another newcomer only 3 (below min_events), and 80 events on an unclassified table.
INSERT INTO public."Event Log"
SELECT a.actor, now() - interval '30 seconds' * g, a.tbl
  FROM (VALUES ('steady', 22, 'public.patients'), ('Robert''); DROP TABLE x; --', 60, 'public.patients'),
               ('newcomer', 30, 'public.patients'), ('quiet newcomer', 3, 'public.patients'),
               ('batch job', 80, 'public.unclassified')) a(actor, n, tbl),
       LATERAL generate_series(1, a.n) g;

SELECT results_eq($$ SELECT actor, current_count FROM compliance.activity_anomalies('public."Event Log"',
                         actor_column => 'who did it', time_column => 'when') $$,
    $$ VALUES ('batch job'::text, 80::bigint), ('Robert''); DROP TABLE x; --', 60), ('newcomer', 30) $$,
    'newcomers above min_events and an actor at 15x its median are flagged, highest score first; the steady actor is not');
SELECT results_eq($$ SELECT actor, score FROM compliance.activity_anomalies('public."Event Log"',
                         actor_column => 'who did it', time_column => 'when') WHERE actor <> 'Robert''); DROP TABLE x; --' $$,
    $$ VALUES ('batch job'::text, 0.6745::float8 * 80), ('newcomer', 0.6745::float8 * 30) $$,
    'an actor without history is scored against one event per window: a number growing with the excess, never Infinity');
SELECT ok((SELECT score > 3.5 AND baseline_median BETWEEN 3 AND 5 FROM compliance.activity_anomalies('public."Event Log"',
                  actor_column => 'who did it', time_column => 'when') WHERE actor LIKE 'Robert%'),
          'the score and the baseline median are reported');
SELECT results_eq($$ SELECT actor FROM compliance.activity_anomalies('public."Event Log"',
                         actor_column => 'who did it', time_column => 'when', table_column => 'tbl') $$,
    $$ VALUES ('Robert''); DROP TABLE x; --'::text), ('newcomer') $$,
    'with table_column only events on classified tables count');
SELECT is((SELECT count(*)::int FROM compliance.activity_anomalies('public."Event Log"', min_events => 100,
                  actor_column => 'who did it', time_column => 'when')), 0, 'min_events keeps small jumps quiet');
SELECT is((SELECT count(*)::int FROM compliance.activity_anomalies('public."Event Log"', threshold => 1000,
                  actor_column => 'who did it', time_column => 'when') WHERE actor LIKE 'Robert%'), 0,
          'the threshold applies to the score');

SELECT throws_ok($$ SELECT * FROM compliance.activity_anomalies('public."Event Log"') $$, '42703',
                 'compliance.activity_anomalies: public."Event Log" has no column actor');
SELECT throws_ok($$ SELECT * FROM compliance.activity_anomalies('public."Event Log"', since => '2 days', baseline => '1 day',
                          actor_column => 'who did it', time_column => 'when') $$, '22023', NULL,
                 'a baseline shorter than the window is refused');
SELECT throws_ok($$ SELECT * FROM compliance.activity_anomalies('public."Event Log"', since => '0 hours',
                          actor_column => 'who did it', time_column => 'when') $$, '22023', NULL,
                 'an empty window is refused');
SELECT is(tests.check_status('soc2.activity_anomalies'),
          CASE WHEN to_regclass('audit.changes') IS NULL THEN 'not_applicable' ELSE 'pass' END,
          'the SOC 2 check runs on audit.changes once the audit module is installed');

SELECT * FROM finish();
ROLLBACK;
