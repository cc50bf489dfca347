BEGIN;
SELECT plan(10);

SELECT function_privs_are('privacy', 'gdpr_forget', ARRAY['text', 'text', 'bigint', 'text'], 'governance_dpo', ARRAY['EXECUTE']);
SELECT function_privs_are('privacy', 'gdpr_forget', ARRAY['text', 'text', 'bigint', 'text'], 'governance_app', '{}'::text[],
                          'applications cannot erase subjects');
SELECT function_privs_are('privacy', 'gdpr_export', ARRAY['text', 'text', 'text', 'text'], 'governance_dpo', ARRAY['EXECUTE']);
SELECT function_privs_are('privacy', 'request_export', ARRAY['text', 'text'], 'governance_dpo', ARRAY['EXECUTE']);
SELECT function_privs_are('privacy', 'request_export', ARRAY['text', 'text'], 'governance_app', '{}'::text[],
                          'applications cannot record (and so cannot make) an export');
SELECT function_privs_are('privacy', 'erasure_plan', ARRAY['text', 'text', 'text'], 'governance_dpo', ARRAY['EXECUTE']);
SELECT function_privs_are('privacy', 'register_subject', ARRAY['text', 'regclass', 'name'], 'governance_dpo', ARRAY['EXECUTE']);
SELECT function_privs_are('governance', 'discover_pii', ARRAY['name'], 'governance_dpo', ARRAY['EXECUTE']);
SELECT table_privs_are('privacy', 'erasure_key', 'governance_dpo', '{}'::text[], 'no governance role reads the erasure hash key');
SELECT table_privs_are('privacy', 'erasures', 'governance_dpo', ARRAY['SELECT'], 'the DPO reads erasure records, writes none');

SELECT * FROM finish();
ROLLBACK;
