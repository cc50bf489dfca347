BEGIN;
SELECT plan(8);

SELECT tests.create_user('app_user', 'governance_app');
SELECT tests.create_user('outsider');
-- As the role's own login: a superuser's session may claim, and so set, anything.

SELECT tests.log_in_as('app_user', 'alice', 'acme');
SELECT is(governance.current_tenant(), 'acme', 'an application role sets and reads its context');
SELECT is(governance.session_context(), ROW('alice'::text, 'acme'::text, NULL::text[], NULL::text),
          'session_context() returns all four values at once');

-- A role with raw SQL access tries to switch tenant without set_context.
SET LOCAL governance.tenant = 'globex';
SELECT throws_ok($$ SELECT governance.current_tenant() $$, '42501',
                 'governance context was changed outside governance.set_context()');
SELECT throws_ok($$ SELECT governance.current_actor() $$, '42501', NULL, 'forging one value taints every reader');

-- Replaying a copied seal with other values does not help either.
SELECT set_config('governance.tenant', 'acme', true);
SELECT set_config('governance.actor', 'mallory', true);
SELECT throws_ok($$ SELECT governance.current_actor() $$, '42501', NULL, 'a seal does not cover other values');

-- Moving characters from one value to the next keeps their concatenation: the seal
-- covers the lengths too.
SELECT tests.log_in_as('app_user', 'ab', 'cd');
SELECT set_config('governance.actor', 'abc', true);
SELECT set_config('governance.tenant', 'd', true);
SELECT throws_ok($$ SELECT governance.current_tenant() $$, '42501', NULL, 'shifting a value boundary breaks the seal');

-- A seal rolled back with its savepoint takes the values with it: the earlier context holds.
SELECT tests.log_in_as('app_user', 'alice', 'acme');
SAVEPOINT inner_context;
SELECT governance.set_context('bob', 'globex');
ROLLBACK TO SAVEPOINT inner_context;
SELECT is(governance.current_tenant(), 'acme', 'rolling back a savepoint restores the earlier context');

RESET SESSION AUTHORIZATION;
SELECT throws_ok($$ SELECT tests.log_in_as('outsider', 'x') $$, '42501', NULL,
                 'a role outside the governance roles cannot set the context');

SELECT * FROM finish();
ROLLBACK;
