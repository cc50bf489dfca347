BEGIN;
SELECT plan(16);

SELECT is(governance.current_actor(), session_user::text, 'without context the actor is the session user');
SELECT is(governance.current_tenant(), NULL, 'without context there is no tenant');
SELECT is(governance.current_purpose(), NULL, 'without context there is no purpose');
SELECT is(governance.current_roles(), NULL, 'without context there are no roles');
SELECT is(governance.context_values(), NULL, 'without context the one reader returns NULL');

SELECT lives_ok($$ SELECT governance.set_context('alice', 'acme', ARRAY['analyst', 'viewer'], 'treatment') $$);
SELECT is(governance.current_actor(), 'alice');
SELECT is(governance.current_tenant(), 'acme');
SELECT is(governance.current_roles(), ARRAY['analyst', 'viewer']);
SELECT is(governance.current_purpose(), 'treatment');
SELECT is(governance.context_values(), ARRAY['alice', 'acme', '{analyst,viewer}', 'treatment'],
          'the one reader returns actor, tenant, roles as text and purpose');

SAVEPOINT inner_context;
SELECT governance.set_context(actor => 'bob', purpose => 'billing');
SELECT results_eq($$ SELECT governance.current_actor(), governance.current_tenant(), governance.current_purpose() $$,
                  $$ VALUES ('bob'::text, NULL::text, 'billing'::text) $$, 'a second call replaces the whole context');
ROLLBACK TO SAVEPOINT inner_context;
SELECT is(governance.current_actor(), 'alice', 'a rolled back savepoint restores the earlier context');

SELECT throws_ok($$ SELECT governance.set_context('') $$, '22023',
                 'governance.set_context: actor must be a non-empty string');
SELECT throws_ok($$ SELECT governance.set_context('x', tenant => '') $$, '22023');
SELECT throws_ok($$ SELECT governance.set_context('x', roles => ARRAY['a', NULL]) $$, '22004');

SELECT * FROM finish();
ROLLBACK;
