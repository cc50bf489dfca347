BEGIN;
SELECT plan(4);

SELECT is(to_regprocedure('audit.log_event(text,text,text,text,jsonb,boolean,integer)'), NULL,
          'precondition: the audit module is not installed in this branch''s test database');
SELECT is(access.set_denial_logging(true), false, 'switching denial logging on says it will have no effect yet');
SELECT ok(NOT access.check_permission('anyone', 'report', 'read'), 'a denied RBAC check still answers');
SELECT ok(NOT access.evaluate('anyone', 'anything', 'read'), 'a denied ABAC decision still answers');

SELECT * FROM finish();
ROLLBACK;
