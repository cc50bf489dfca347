BEGIN;
SELECT plan(4);

-- encrypt_column and reencrypt alter and rewrite tables with their owner's rights. An
-- administrator must not point them at the pack's own tables: encrypting
-- compliance.checks.query, say, would turn every check into an error that reports
-- 'skipped' instead of 'fail'.
SELECT governance.unlock('pgtap master key: 0123456789abcdef0123456789abcdef');
SELECT governance.create_key('gov_tables');
SELECT tests.create_user('enc_gov_admin', 'governance_admin');
SELECT governance.grant_key('gov_tables', 'enc_gov_admin');
SET LOCAL ROLE enc_gov_admin;
SELECT throws_ok($$ SELECT governance.encrypt_column('compliance.checks', 'query', 'gov_tables') $$, '42501',
                 'governance.encrypt_column: compliance.checks is a governance table',
                 'encrypt_column refuses a governance table');
SELECT throws_ok($$ SELECT governance.encrypt_column('access.policies', 'condition_sql', 'gov_tables') $$, '42501', NULL,
                 'of any governance schema');
SELECT throws_ok($$ SELECT governance.reencrypt('governance.data_keys', 'wrapped') $$, '42501',
                 'governance.reencrypt: governance.data_keys is a governance table', 'so does reencrypt');
RESET ROLE;
SELECT col_type_is('compliance', 'checks', 'query', 'text', 'the table is unchanged');

SELECT * FROM finish();
ROLLBACK;
