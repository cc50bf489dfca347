BEGIN;
SELECT plan(25);

-- The public names of DESIGN.md, with the signatures it gives (extra arguments have defaults).
SELECT has_function('governance', 'unlock', ARRAY['text']);
SELECT has_function('governance', 'create_key', ARRAY['text']);
SELECT has_function('governance', 'rotate_key', ARRAY['text']);
SELECT has_function('governance', 'encrypt', ARRAY['text', 'text']);
SELECT has_function('governance', 'encrypt', ARRAY['bytea', 'text']);
SELECT has_function('governance', 'encrypt', ARRAY['text', 'text', 'text', 'text'], 'the per-subject and context variant');
SELECT has_function('governance', 'encrypt', ARRAY['bytea', 'text', 'text', 'text']);
SELECT has_function('governance', 'decrypt', ARRAY['bytea']);
SELECT has_function('governance', 'decrypt', ARRAY['bytea', 'text']);
SELECT has_function('governance', 'decrypt_bytea', ARRAY['bytea']);
SELECT has_function('governance', 'decrypt_bytea', ARRAY['bytea', 'text']);
SELECT has_function('governance', 'encrypt_column', ARRAY['regclass', 'name', 'text', 'integer']);
SELECT has_function('governance', 'reencrypt', ARRAY['regclass', 'name', 'integer']);
SELECT has_function('governance', 'shred_subject_keys', ARRAY['text']);
SELECT function_returns('governance', 'shred_subject_keys', ARRAY['text'], 'integer',
                        'the erasure contract: shred_subject_keys(text) returns how many keys it destroyed');
SELECT function_returns('governance', 'decrypt', ARRAY['bytea'], 'text');
SELECT function_returns('governance', 'connection_security', '{}'::name[], 'jsonb');

SELECT function_privs_are('governance', 'create_key', ARRAY['text'], 'governance_app', '{}'::text[],
                          'applications cannot create keys');
SELECT function_privs_are('governance', 'shred_subject_keys', ARRAY['text'], 'governance_dpo', ARRAY['EXECUTE'],
                          'the DPO may shred');
SELECT function_privs_are('governance', 'encryption_decrypt', ARRAY['text', 'bytea', 'text', 'boolean'], 'governance_app', '{}'::text[],
                          'internal functions are not executable by governance roles');
SELECT table_privs_are('governance', 'data_keys', 'governance_admin', '{}'::text[], 'nobody reads the wrapped data keys');
SELECT table_privs_are('governance', 'master_key_verifier', 'governance_admin', '{}'::text[]);
SELECT table_privs_are('governance', 'subject_pepper', 'governance_admin', '{}'::text[]);
SELECT ok(NOT has_column_privilege('governance_admin', 'governance.keys', 'index_key', 'SELECT'),
          'nor the wrapped blind-index keys');
SELECT is_empty($$
    SELECT p.oid::regprocedure::text FROM pg_proc p
     WHERE p.pronamespace = 'governance'::regnamespace AND p.proname ~ '^(encryption_|aes_cbc_)'
       AND p.proname <> 'encryption_backlog'  -- public, despite the prefix
       AND (p.prosecdef OR has_function_privilege('governance_app', p.oid, 'EXECUTE')
            OR has_function_privilege('governance_dpo', p.oid, 'EXECUTE'))
$$, 'internal encryption helpers are neither definer-rights nor granted');

SELECT * FROM finish();
ROLLBACK;
