BEGIN;
SELECT plan(26);

SELECT has_schema('governance');
SELECT has_table('governance', 'migrations', 'installer bookkeeping table');
SELECT has_table('governance', 'installation', 'installed release table');
SELECT columns_are('governance', 'migrations',
    ARRAY['name', 'kind', 'version', 'checksum', 'applied_at', 'applied_by', 'duration_ms', 'package_version']);

SELECT has_function('governance', 'set_context', ARRAY['text', 'text', 'text[]', 'text']);
SELECT has_function('governance', 'current_actor', '{}'::name[]);
SELECT has_function('governance', 'current_tenant', '{}'::name[]);
SELECT has_function('governance', 'current_purpose', '{}'::name[]);
SELECT has_function('governance', 'current_roles', '{}'::name[]);
SELECT has_function('governance', 'version', '{}'::name[]);

SELECT has_role('governance_admin');
SELECT has_role('governance_dpo');
SELECT has_role('governance_auditor');
SELECT has_role('governance_app');
SELECT is_member_of('governance_app', 'governance_admin');

SELECT function_privs_are('governance', 'set_context', ARRAY['text', 'text', 'text[]', 'text'],
    'governance_app', ARRAY['EXECUTE'], 'the application role may set the context');
SELECT function_privs_are('governance', 'current_tenant', '{}'::name[],
    'governance_auditor', ARRAY['EXECUTE']);
SELECT function_privs_are('governance', 'context_seal', ARRAY['text', 'text', 'text', 'text'],
    'governance_app', '{}'::text[], 'nobody but the definer functions may mint context seals');
SELECT function_privs_are('governance', 'context_key_pad', ARRAY['integer'],
    'governance_app', '{}'::text[], 'nor have the seal''s key folded into a plan of their own');
SELECT table_privs_are('governance', 'context_key', 'governance_admin', '{}'::text[],
    'the context key is readable by no governance role');
SELECT table_privs_are('governance', 'migrations', 'governance_app', '{}'::text[]);

SELECT is(governance.version(), (SELECT version FROM governance.installation), 'version() reports the installed release');

SELECT is_empty($$
    SELECT p.oid::regprocedure::text
      FROM pg_proc p
     WHERE p.pronamespace::regnamespace::text IN ('governance', 'audit', 'access', 'privacy', 'lineage', 'compliance')
       AND has_function_privilege('public', p.oid, 'EXECUTE')
$$, 'no governance function is executable by PUBLIC');

SELECT is_empty($$
    SELECT p.oid::regprocedure::text
      FROM pg_proc p
     WHERE p.pronamespace::regnamespace::text IN ('governance', 'audit', 'access', 'privacy', 'lineage', 'compliance')
       AND p.prosecdef
       AND NOT ('search_path=pg_catalog, pg_temp' = ANY(COALESCE(p.proconfig, '{}')))
$$, 'every SECURITY DEFINER function pins search_path = pg_catalog, pg_temp');

-- A plan built inside a definer function holds its parameters and folded constants:
-- with debug_print_plan on (any role may set it), the caller would read the keys the
-- function handles (tests/test_secrets_stay_out_of_printed_plans.py).
SELECT is_empty($$
    SELECT p.oid::regprocedure::text
      FROM pg_proc p
     WHERE p.pronamespace::regnamespace::text IN ('governance', 'audit', 'access', 'privacy', 'lineage', 'compliance')
       AND p.prosecdef
       AND NOT ('debug_print_plan=off' = ANY(COALESCE(p.proconfig, '{}')))
$$, 'every SECURITY DEFINER function pins debug_print_plan = off');

SELECT is_empty($$
    SELECT n.nspname FROM pg_namespace n
     WHERE n.nspname IN ('governance', 'audit', 'access', 'privacy', 'lineage', 'compliance')
       AND has_schema_privilege('public', n.oid, 'USAGE')
$$, 'no governance schema is usable by PUBLIC');

SELECT * FROM finish();
ROLLBACK;
