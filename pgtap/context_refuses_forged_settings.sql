BEGIN;
SELECT plan(5);

SELECT tests.create_user('app_user', 'governance_app');
SELECT tests.create_user('outsider');

SELECT tests.authenticate_as('app_user', 'alice', 'acme');
SELECT is(governance.current_tenant(), 'acme', 'an application role sets and reads its context');

-- A role with raw SQL access tries to switch tenant without set_context.
SET LOCAL governance.tenant = 'globex';
SELECT throws_ok($$ SELECT governance.current_tenant() $$, '42501',
                 'governance context was changed outside governance.set_context()');
SELECT throws_ok($$ SELECT governance.current_actor() $$, '42501', NULL, 'forging one value taints every reader');

-- Replaying a copied seal with other values does not help either.
SELECT set_config('governance.tenant', 'acme', true);
SELECT set_config('governance.actor', 'mallory', true);
SELECT throws_ok($$ SELECT governance.current_actor() $$, '42501', NULL, 'a seal does not cover other values');

RESET ROLE;
SELECT throws_ok($$ SELECT tests.authenticate_as('outsider', 'x') $$, '42501', NULL,
                 'a role outside the governance roles cannot set the context');

SELECT * FROM finish();
ROLLBACK;
