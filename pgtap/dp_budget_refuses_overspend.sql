BEGIN;
SELECT plan(16);

CREATE TABLE public."Visits Log" ("patient id" int, "age in years" numeric);
INSERT INTO public."Visits Log" SELECT g, g % 90 FROM pg_catalog.generate_series(1, 200) g;
SELECT tests.create_user('dp_analyst', 'governance_app');
GRANT SELECT ON public."Visits Log" TO dp_analyst;

SELECT throws_ok($$ SELECT tests.authenticate_as('dp_analyst', 'alice');
                    SELECT privacy.set_budget('alice', 'public."Visits Log"', 100) $$,
                 '42501', NULL, 'an analyst cannot grant itself a budget');
RESET ROLE;

SELECT privacy.set_budget('alice', 'public."Visits Log"', 1.0);
SELECT tests.authenticate_as('dp_analyst', 'bob');
SELECT throws_ok($$ SELECT privacy.dp_count('public."Visits Log"', 0.1) $$,
                 '42501', 'privacy.dp_count: actor ''bob'' has no privacy budget on public."Visits Log"',
                 'an actor without a budget is refused');

SELECT tests.authenticate_as('dp_analyst', 'alice');
SELECT is(privacy.dp_remaining('public."Visits Log"'), 1.0, 'the whole budget remains before any query');
SELECT lives_ok($$ SELECT privacy.dp_count('public."Visits Log"', 0.5) $$, 'a query within budget runs');
SELECT lives_ok($$ SELECT privacy.dp_mean('public."Visits Log"', 'age in years', 0, 120, 0.25) $$);
SELECT is(privacy.dp_remaining('public."Visits Log"'), 0.25, 'each query is charged its epsilon (sequential composition)');

SELECT throws_ok($$ SELECT privacy.dp_sum('public."Visits Log"', 'age in years', 0, 120, 0.3) $$,
                 '42501', 'privacy.dp_sum: privacy budget exceeded for actor ''alice'' on public."Visits Log": this query costs epsilon 0.3, 0.25 of 1 remains',
                 'the query that would overspend is refused');
SELECT is(privacy.dp_remaining('public."Visits Log"'), 0.25, 'a refused query is not charged');
SELECT is((SELECT count(*)::int FROM privacy.dp_releases WHERE dataset = 'public."Visits Log"'::regclass), 2, 'a refused query releases nothing');
SELECT lives_ok($$ SELECT privacy.dp_sum('public."Visits Log"', 'age in years', 0, 120, 0.25) $$,
                'the exact remainder can still be spent');
SELECT throws_ok($$ SELECT privacy.dp_count('public."Visits Log"', 1e-9) $$, '42501', NULL,
                 'an exhausted budget refuses even a tiny epsilon');

-- Bad input is refused before the charge, with the function's name.
SELECT throws_ok($$ SELECT privacy.dp_count('public."Visits Log"', 'NaN') $$, '22023',
                 'privacy.dp_count: epsilon must be a positive finite number, got NaN');
SELECT throws_ok($$ SELECT privacy.dp_count('public."Visits Log"', -1) $$, '22023', NULL, 'a negative epsilon is refused');

-- Spending survives a rollback: reading an answer and rolling back does not refund it.
RESET ROLE;
SELECT governance.set_context('dpo@example.com');
SELECT privacy.reset_budget('alice', 'public."Visits Log"');
SELECT tests.authenticate_as('dp_analyst', 'alice');
SAVEPOINT peek;
SELECT privacy.dp_count('public."Visits Log"', 0.4);
ROLLBACK TO SAVEPOINT peek;
SELECT is(privacy.dp_remaining('public."Visits Log"'), 0.6, 'a rolled-back query stays charged');

RESET ROLE;
SELECT results_eq($$ SELECT event, epsilon, spent_before, changed_by FROM privacy.dp_budget_events
                     WHERE dataset = 'public."Visits Log"'::regclass ORDER BY id $$,
                  $$ VALUES ('set', 1.0::numeric, 0::numeric, 'postgres'), ('reset', 1.0, 1.0, 'dpo@example.com') $$,
                  'setting and resetting budgets is recorded with what had been spent');
SELECT throws_ok($$ SELECT privacy.set_budget('alice', 'public."Visits Log"', 'Infinity') $$, '22023', NULL,
                 'an infinite budget is refused');

SELECT * FROM finish();
ROLLBACK;
