BEGIN;
SELECT plan(24);

-- Roles created here exist only in this transaction. The session is a superuser's, which
-- may claim anything whatever role it acts as: every claim below is made after SET
-- SESSION AUTHORIZATION, as a session that logged in as that role.
SELECT tests.create_user('pool_login', 'governance_app');
SELECT tests.create_user('acme_reports', 'governance_app');
CREATE ROLE acme_readers NOLOGIN;
GRANT acme_readers TO acme_reports;
CREATE ROLE "Mixed Case pool" LOGIN IN ROLE governance_app;

SELECT governance.allow_any_context('pool_login');
SELECT governance.bind_context('acme_readers', tenants => ARRAY['acme']);
SELECT governance.allow_any_context('Mixed Case pool');

SELECT lives_ok($$ SELECT governance.set_context('anyone', 'any tenant') $$, 'a superuser may claim anything');

SET LOCAL SESSION AUTHORIZATION pool_login;
SELECT lives_ok($$ SELECT governance.set_context('alice', 'globex') $$, 'a gateway claims any actor and tenant');
RESET SESSION AUTHORIZATION;

SET LOCAL SESSION AUTHORIZATION acme_reports;
SELECT lives_ok($$ SELECT governance.set_context(session_user, 'acme') $$,
                'a binding applies to the roles that inherit from the bound role');
SELECT throws_ok($$ SELECT governance.set_context(session_user, 'globex') $$, '42501',
                 'governance.set_context: role acme_reports may not claim tenant ''globex''');
SELECT throws_ok($$ SELECT governance.set_context('alice') $$, '42501',
                 'governance.set_context: role acme_reports may not claim actor ''alice''');
SELECT lives_ok($$ SELECT governance.set_context(session_user) $$, 'its login name without a tenant is no claim');
RESET SESSION AUTHORIZATION;

-- The role a session acts as counts as well as its login: a superuser acting as an
-- unbound role keeps its claims (it could RESET ROLE); a bound login acting as an
-- unbound role claims what that role may.
CREATE ROLE unbound_app NOLOGIN IN ROLE governance_app;
GRANT unbound_app TO acme_reports;
SET LOCAL ROLE unbound_app;
SELECT lives_ok($$ SELECT governance.set_context('alice') $$,
                'a superuser session after SET ROLE still claims anything');
RESET ROLE;
SET LOCAL SESSION AUTHORIZATION acme_reports;
SET LOCAL ROLE unbound_app;
SELECT throws_ok($$ SELECT governance.set_context(session_user, 'acme') $$, '42501', NULL,
                 'a bound login after SET ROLE claims what the role may');
RESET SESSION AUTHORIZATION;

SET LOCAL SESSION AUTHORIZATION "Mixed Case pool";
SELECT lives_ok($$ SELECT governance.set_context('bob', 'x') $$, 'a role whose name needs quoting is found');
RESET SESSION AUTHORIZATION;

-- A binding is replaced, not merged; lists are de-duplicated; bad input is refused.
SELECT governance.bind_context('acme_readers', actors => ARRAY['r2', 'r1', 'r1'], tenants => ARRAY['acme', 'initech']);
SELECT is((SELECT ROW(any_actor, actors, any_tenant, tenants)::text FROM governance.context_bindings
            WHERE role = 'acme_readers'::regrole), '(f,"{r1,r2}",f,"{acme,initech}")', 'the binding as given, sorted');
SELECT throws_ok($$ SELECT governance.bind_context('acme_readers', actors => ARRAY['x'], any_actor => true) $$, '22023', NULL,
                 'a list and "any" for the same dimension are refused');
SELECT throws_ok($$ SELECT governance.bind_context('acme_readers', tenants => ARRAY[' ']) $$, '22023', NULL,
                 'blank names are refused');
SELECT throws_ok($$ SELECT governance.bind_context('acme_readers', tenants => NULL) $$, '22004', NULL,
                 'NULL lists are refused (an empty list binds nothing)');
SELECT throws_ok($$ SELECT governance.bind_context('no such role') $$, '42704',
                 'governance.bind_context: role ''no such role'' does not exist');
SELECT throws_ok($$ SELECT governance.allow_any_context('governance_app') $$, '22023', NULL,
                 'the governance roles cannot be bound: every member would be');
SELECT is(governance.unbind_context('acme_readers'), true, 'unbinding says whether there was a binding');
SET LOCAL SESSION AUTHORIZATION acme_reports;
SELECT throws_ok($$ SELECT governance.set_context(session_user, 'acme') $$, '42501', NULL,
                 'and takes the claim away');
RESET SESSION AUTHORIZATION;

-- The compliance check sees a person's role made a gateway, and passes once it is bound instead.
SELECT tests.create_user('dpo_person', 'governance_dpo');
SELECT governance.allow_any_context('dpo_person');
SELECT is(tests.check_status('security.context_gateways'), 'warn', 'a DPO''s login that may claim any actor is reported');
SELECT governance.bind_context('dpo_person', actors => ARRAY['dpo@example.com'], any_tenant => true);
SELECT is(tests.check_status('security.context_gateways'), 'pass', 'bound to its own name it is not');
-- The readers trust the mark: one granted by hand, without the binding, is reported.
GRANT EXECUTE ON FUNCTION governance.gateway_mark() TO dpo_person;
SELECT is(tests.check_status('security.context_gateways'), 'warn', 'a gateway mark granted by hand is reported');
REVOKE EXECUTE ON FUNCTION governance.gateway_mark() FROM dpo_person;
GRANT EXECUTE ON FUNCTION governance.gateway_mark() TO PUBLIC;
SELECT is(tests.check_status('security.context_gateways'), 'warn', 'so is one granted to PUBLIC');
REVOKE EXECUTE ON FUNCTION governance.gateway_mark() FROM PUBLIC;

-- A gateway's mark is a privilege, which DROP ROLE refuses to leave behind; DROP OWNED,
-- the usual step before it, revokes the mark. The binding outlives the role (roles are
-- cluster-wide, no dependency is kept): the check names it by OID, and that OID removes it.
CREATE ROLE dropped_pool LOGIN IN ROLE governance_app;
SELECT governance.allow_any_context('dropped_pool');
CREATE TEMP TABLE dropped AS SELECT 'dropped_pool'::regrole::oid::text AS oid;
SELECT throws_ok($$ DROP ROLE dropped_pool $$, '2BP01', NULL, 'a gateway is not dropped with its mark in place');
DROP OWNED BY dropped_pool;
DROP ROLE dropped_pool;
SELECT is(tests.check_status('security.context_gateways'), 'warn', 'the binding of a dropped role is reported');
SELECT is(governance.unbind_context((SELECT oid FROM dropped)), true, 'and removed by its OID');

SELECT * FROM finish();
ROLLBACK;
