BEGIN;
SELECT plan(6);

CREATE TABLE public."Salaries Table" (salary numeric);
INSERT INTO public."Salaries Table" SELECT 1000 * g FROM pg_catalog.generate_series(1, 30) g;
SELECT tests.create_user('dp_owner', 'governance_app');
SELECT tests.create_user('dp_analyst', 'governance_app');
ALTER TABLE public."Salaries Table" OWNER TO dp_owner;
SELECT governance.trust_owner('dp_owner');  -- the application's owner: the DP functions read its table
GRANT SELECT ON public."Salaries Table" TO PUBLIC, dp_analyst;
SELECT privacy.set_budget('ann', 'public."Salaries Table"', 5);

SELECT tests.authenticate_as('dp_analyst', 'ann');
SELECT throws_ok($$ SELECT privacy.dp_protect('public."Salaries Table"', 'dp_analyst') $$, '42501',
                 'privacy.dp_protect: only the owner of public."Salaries Table" can change who reads it');

SELECT tests.authenticate_as('dp_owner', 'owner');
SELECT lives_ok($$ SELECT privacy.dp_protect('public."Salaries Table"', 'dp_analyst') $$, 'the owner protects the table');

SELECT tests.authenticate_as('dp_analyst', 'ann');
SELECT throws_ok($$ SELECT pg_catalog.sum(salary) FROM public."Salaries Table" $$, '42501', NULL,
                 'the analyst can no longer read the raw table');
SELECT lives_ok($$ SELECT privacy.dp_sum('public."Salaries Table"', 'salary', 0, 50000, 1) $$,
                'but can still query it through the DP functions, which charge the budget');
SELECT is(privacy.dp_remaining('public."Salaries Table"'), 4::numeric);

RESET ROLE;
SELECT tests.create_user('dp_peeker', 'dp_analyst');
GRANT SELECT ON public."Salaries Table" TO dp_analyst;
SELECT tests.authenticate_as('dp_owner', 'owner');
SELECT throws_ok($$ SELECT privacy.dp_protect('public."Salaries Table"', 'dp_peeker') $$, '42501',
                 'privacy.dp_protect: dp_peeker can still read public."Salaries Table" directly',
                 'protection that another role''s grant would defeat is refused');

SELECT * FROM finish();
ROLLBACK;
