BEGIN;
SELECT plan(11);

SELECT has_schema('access');
SELECT function_privs_are('access', 'create_policy', ARRAY['text', 'jsonb'], 'governance_app', '{}'::text[],
                          'applications cannot write policies');
SELECT function_privs_are('access', 'create_policy', ARRAY['text', 'jsonb'], 'governance_admin', ARRAY['EXECUTE']);
SELECT function_privs_are('access', 'evaluate', ARRAY['text', 'text', 'text'], 'governance_app', ARRAY['EXECUTE'],
                          'applications may ask for decisions');
SELECT function_privs_are('access', 'explain', ARRAY['text', 'text', 'text'], 'governance_app', '{}'::text[],
                          'explain shows attributes: not for applications');
SELECT function_privs_are('access', 'check_permission', ARRAY['text', 'text', 'text'], 'governance_app', ARRAY['EXECUTE']);
SELECT function_privs_are('access', 'decide', ARRAY['jsonb', 'jsonb', 'jsonb', 'text'], 'governance_app', '{}'::text[],
                          'the generated decision function is executable by its definer callers only');
SELECT function_privs_are('access', 'current_tenant', '{}'::name[], 'governance_app', ARRAY['EXECUTE'],
                          'RLS predicates may read the tenant');
SELECT table_privs_are('access', 'policies', 'governance_app', '{}'::text[], 'applications cannot read or change policies');

-- The generated function stays private after it is regenerated.
SELECT access.create_policy('p', '{"actions": ["read"]}');
SELECT function_privs_are('access', 'decide', ARRAY['jsonb', 'jsonb', 'jsonb', 'text'], 'governance_app', '{}'::text[],
                          '... also after a policy write regenerated it');

SELECT tests.create_user('acc_priv_app', 'governance_app');
SELECT tests.authenticate_as('acc_priv_app', 'mallory');
SELECT throws_ok($$ SELECT access.create_policy('mine', '{"actions": ["*"]}') $$, '42501', NULL,
                 'an application role is refused when it tries to allow itself everything');

SELECT * FROM finish();
ROLLBACK;
