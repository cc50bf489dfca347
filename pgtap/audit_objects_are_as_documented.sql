BEGIN;
SELECT plan(16);

-- The signatures of DESIGN.md, which other modules look up with to_regprocedure.
SELECT has_function('audit', 'enable', ARRAY['regclass']);
SELECT has_function('audit', 'enable', ARRAY['regclass', 'name[]']);
SELECT has_function('audit', 'disable', ARRAY['regclass']);
SELECT has_function('audit', 'log_event', ARRAY['text', 'text', 'text', 'text', 'jsonb', 'boolean', 'integer']);
SELECT has_function('audit', 'summary', ARRAY['timestamp with time zone', 'timestamp with time zone']);
SELECT has_function('audit', 'verify_chain', ARRAY['timestamp with time zone']);
SELECT has_function('audit', 'redact', ARRAY['regclass', 'jsonb', 'text']);
SELECT has_function('audit', 'purge', ARRAY['timestamp with time zone']);

SELECT function_privs_are('audit', 'log_event', ARRAY['text', 'text', 'text', 'text', 'jsonb', 'boolean', 'integer'],
    'governance_app', ARRAY['EXECUTE'], 'the application role may log events');
SELECT function_privs_are('audit', 'redact', ARRAY['regclass', 'jsonb', 'text'],
    'governance_dpo', ARRAY['EXECUTE'], 'the DPO may redact');
SELECT function_privs_are('audit', 'enable', ARRAY['regclass'], 'governance_app', '{}'::text[],
    'the application cannot switch auditing');
SELECT function_privs_are('audit', 'seal', '{}'::text[], 'governance_admin', ARRAY['EXECUTE'],
    'the admin (cron, the CLI) may run the sealer');
SELECT function_privs_are('audit', 'seal', '{}'::text[], 'governance_app', '{}'::text[],
    'the application cannot');
SELECT table_privs_are('audit', 'hash_key', 'governance_admin', '{}'::text[], 'the hashing key is readable by no governance role');

SELECT is_empty($$ SELECT table_name::text FROM governance.reference_tables
                    WHERE table_name IN ('audit.changes'::regclass, 'audit.events'::regclass, 'audit.chain'::regclass,
                                         'audit.transactions'::regclass, 'audit.purges'::regclass) $$,
                'the evidence tables are not reference tables: uninstall keeps them');
SELECT lives_ok($$ SELECT * FROM audit.verify_chain() $$, 'verify_chain() is callable without arguments, as compliance checks call it');

SELECT * FROM finish();
ROLLBACK;
