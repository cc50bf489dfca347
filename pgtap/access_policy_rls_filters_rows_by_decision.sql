BEGIN;
SELECT plan(10);

SELECT tests.create_user('acc_pol_app', 'governance_app');
CREATE TABLE public."Case Files" ("File Id" int PRIMARY KEY, tenant text NOT NULL, body text);
INSERT INTO public."Case Files" VALUES (1, 't1', 'open'), (2, 't1', 'secret'), (3, 't2', 'open'), (4, 't1', 'new');
GRANT SELECT, INSERT, UPDATE, DELETE ON public."Case Files" TO acc_pol_app;

SELECT access.set_user_attribute('ann', 'clearance', '2');
SELECT access.set_resource_attribute('2', 'case_file', 'level', '3');
SELECT access.create_policy('case files by clearance', $${"actions": ["read", "update"], "resource_types": ["case_file"],
    "conditions": [{"any": [{"attribute": "resource.level", "operator": "exists", "value": false},
                            {"attribute": "user.clearance", "operator": ">=", "value_of": "resource.level"}]}]}$$);
SELECT access.create_policy('nobody deletes file 4', $${"effect": "deny", "actions": ["delete"],
    "conditions": [{"attribute": "resource.id", "operator": "==", "value": "4"}]}$$);
SELECT access.create_policy('deleting allowed', $${"actions": ["delete", "insert"]}$$);

SELECT lives_ok($$ SELECT access.enable_policy_rls('public."Case Files"', 'case_file', 'File Id') $$,
                'policy RLS on a table and column needing quotes');
SELECT lives_ok($$ SELECT access.enable_tenant_isolation('public."Case Files"', 'tenant') $$, 'combined with tenant isolation');

SELECT tests.authenticate_as('acc_pol_app', 'ann', 't1');
SELECT results_eq($$ SELECT "File Id" FROM public."Case Files" ORDER BY 1 $$, ARRAY[1, 4],
                  'rows are filtered by the decision per row and by tenant (both must allow)');
UPDATE public."Case Files" SET body = 'edited';
DELETE FROM public."Case Files";
SELECT lives_ok($$ INSERT INTO public."Case Files" VALUES (5, 't1', 'x') $$, 'insert is decided by the insert action');

RESET ROLE;
SELECT results_eq($$ SELECT "File Id", body FROM public."Case Files" ORDER BY 1 $$,
                  $$ VALUES (3, 'open'), (4, 'edited'), (5, 'x') $$,
                  'update reached the readable rows; delete is decided by the delete action, where a deny kept file 4');

SELECT access.set_resource_attribute('4', 'case_file', 'level', '9');
SELECT access.create_policy('case files by clearance', $${"actions": ["read", "update"], "resource_types": ["case_file"],
    "conditions": [{"attribute": "resource.level", "operator": ">", "value": 5}]}$$);
SELECT tests.authenticate_as('acc_pol_app', 'ann', 't1');
SELECT results_eq($$ SELECT "File Id" FROM public."Case Files" ORDER BY 1 $$, ARRAY[4],
                  'a changed policy applies at once');

RESET ROLE;
SELECT lives_ok($$ SELECT access.disable_rls('public."Case Files"') $$);
SELECT is((SELECT count(*)::int FROM pg_policy WHERE polrelid = 'public."Case Files"'::regclass), 0,
          'disable_rls removes every policy it created');

CREATE TABLE public.app_owned (id int, owner_name text);
ALTER TABLE public.app_owned ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON public.app_owned USING (owner_name = current_user);
SELECT access.enable_tenant_isolation('public.app_owned', 'owner_name');
SELECT is((SELECT array_agg(polname::text ORDER BY polname) FROM pg_policy WHERE polrelid = 'public.app_owned'::regclass),
          ARRAY['governance_tenant_isolation', 'governance_tenant_isolation_delete', 'governance_tenant_isolation_insert',
                'governance_tenant_isolation_update', 'own_rows'], 'the application''s own permissive policy is kept, no base added');
SELECT access.disable_rls('public.app_owned');
SELECT ok((SELECT relrowsecurity FROM pg_class WHERE oid = 'public.app_owned'::regclass),
          'disable_rls leaves RLS on while the application''s own policies remain');

SELECT * FROM finish();
ROLLBACK;
