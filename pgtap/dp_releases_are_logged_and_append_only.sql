BEGIN;
SELECT plan(9);

CREATE TABLE public.dp_people (age int);
INSERT INTO public.dp_people SELECT g % 80 FROM pg_catalog.generate_series(1, 100) g;
SELECT tests.create_user('dp_alice', 'governance_app');
SELECT tests.create_user('dp_auditor', 'governance_auditor');
GRANT SELECT ON public.dp_people TO dp_alice;
SELECT privacy.set_budget('alice', 'public.dp_people', 10);
SELECT privacy.set_budget('bob', 'public.dp_people', 10);

SELECT tests.authenticate_as('dp_alice', 'alice');
CREATE TEMP TABLE released AS SELECT * FROM privacy.dp_sum_release('public.dp_people', 'age', 0, 100, 0.5);
SELECT tests.authenticate_as('dp_alice', 'bob');
SELECT privacy.dp_count('public.dp_people', 1);

SELECT tests.authenticate_as('dp_alice', 'alice');
SELECT results_eq(
    $$ SELECT r.id, r.actor, r.query, r.column_name::text COLLATE "default", r.lower_bound, r.upper_bound, r.epsilon, r.noise_scale,
              r.mechanism, (r.result #>> '{}')::numeric
         FROM privacy.dp_releases r WHERE r.dataset = 'public.dp_people'::regclass $$,
    $$ SELECT x.release_id, 'alice', 'sum', 'age', 0::numeric, 100::numeric, 0.5::numeric, 200::numeric,
              'discrete_laplace', x.value FROM released x $$,
    'the release is logged with its epsilon, noise scale and released value; an analyst sees only its own');
SELECT is((SELECT r.dataset_name FROM privacy.dp_releases r WHERE r.dataset = 'public.dp_people'::regclass), 'public.dp_people');

RESET ROLE;
SELECT is((SELECT count(*)::int FROM privacy.dp_releases WHERE dataset = 'public.dp_people'::regclass), 2,
          'every release is logged');
SELECT throws_ok($$ UPDATE privacy.dp_releases SET epsilon = 0.001 $$, '42501',
                 'privacy.dp_releases is append-only: UPDATE refused', 'the log cannot be rewritten, even by its owner');
SELECT throws_ok($$ DELETE FROM privacy.dp_releases $$, '42501', NULL, 'nor deleted');
SELECT throws_ok($$ TRUNCATE privacy.dp_releases $$, '42501', NULL, 'nor truncated');
SELECT throws_ok($$ DELETE FROM privacy.dp_budget_events $$, '42501', NULL, 'budget events are append-only too');

SELECT tests.authenticate_as('dp_auditor', 'carol');
SELECT is((SELECT count(*)::int FROM privacy.dp_releases WHERE dataset = 'public.dp_people'::regclass), 2,
          'an auditor sees every release');
SELECT throws_ok($$ SELECT privacy.dp_count('public.dp_people', 1) $$, '42501', NULL,
                 'an auditor cannot run DP queries');

SELECT * FROM finish();
ROLLBACK;
