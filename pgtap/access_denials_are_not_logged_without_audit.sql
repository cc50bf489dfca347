BEGIN;
SELECT plan(4);

-- Without the audit module: where it is installed, its log_event goes for this test only.
DROP FUNCTION IF EXISTS audit.log_event(text, text, text, text, jsonb, boolean, integer) CASCADE;
SELECT is(to_regprocedure('audit.log_event(text,text,text,text,jsonb,boolean,integer)'), NULL,
          'audit.log_event is absent');
SELECT is(access.set_denial_logging(true), false, 'switching denial logging on says it will have no effect yet');
SELECT ok(NOT access.check_permission('anyone', 'report', 'read'), 'a denied RBAC check still answers');
SELECT ok(NOT access.evaluate('anyone', 'anything', 'read'), 'a denied ABAC decision still answers');

SELECT * FROM finish();
ROLLBACK;
