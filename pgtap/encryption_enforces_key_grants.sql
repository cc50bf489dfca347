BEGIN;
SELECT plan(15);

SELECT governance.unlock('pgtap master key: 0123456789abcdef0123456789abcdef');
SELECT governance.create_key('ssn');
SELECT tests.create_user('writer', 'governance_app');
SELECT tests.create_user('reader', 'governance_app');
SELECT tests.create_user('stranger', 'governance_app');
CREATE ROLE "Billing Team" NOLOGIN;
GRANT "Billing Team" TO reader;
SELECT governance.grant_key('ssn', 'writer', ARRAY['encrypt']);
SELECT governance.grant_key('ssn', '"Billing Team"', ARRAY['decrypt']);
CREATE TEMPORARY TABLE sample (ct bytea);
GRANT SELECT, INSERT ON sample TO writer, reader, stranger;

SET LOCAL ROLE writer;
SELECT lives_ok($$ INSERT INTO sample VALUES (governance.encrypt('123-45-6789', 'ssn')) $$, 'a role granted encrypt encrypts');
SELECT throws_ok($$ SELECT governance.decrypt(ct) FROM sample $$, '42501',
                 'governance.decrypt: role writer may not decrypt with key ''ssn''', 'but cannot decrypt');
RESET ROLE;

SET LOCAL ROLE reader;
SELECT is(governance.decrypt(ct), '123-45-6789', 'a member of a role granted decrypt decrypts') FROM sample;
SELECT throws_ok($$ SELECT governance.encrypt('x', 'ssn') $$, '42501',
                 'governance.encrypt: role reader may not encrypt with key ''ssn''', 'but cannot encrypt');
RESET ROLE;

-- The same transaction, another role: keys cached for reader must not serve stranger.
SET LOCAL ROLE stranger;
SELECT throws_ok($$ SELECT governance.decrypt(ct) FROM sample $$, '42501', NULL,
                 'a role without a grant cannot decrypt, even after another role did in this transaction');
SELECT throws_ok($$ SELECT governance.encryption_decrypt('x', ct, NULL, false) FROM sample $$, '42501', NULL,
                 'nor by calling the internal decryption function');
SELECT throws_ok($$ SELECT governance.encryption_load_for_decrypt('x', ct, 'reader') FROM sample $$, '42501', NULL,
                 'nor by asking the loader for another role');
SELECT throws_ok($$ SELECT wrapped FROM governance.data_keys $$, '42501', NULL, 'wrapped data keys are not readable');
SELECT throws_ok($$ SELECT index_key FROM governance.keys $$, '42501', NULL, 'nor blind-index keys');
SELECT throws_ok($$ INSERT INTO governance.key_grants (key_id, grantee, privilege, granted_by) VALUES (1, 'stranger', 'decrypt', 'me') $$,
                 '42501', NULL, 'a role cannot grant itself a key');
SELECT throws_ok($$ SELECT governance.grant_key('ssn', 'stranger') $$, '42501', NULL, 'nor call grant_key');
RESET ROLE;

SELECT ok(governance.revoke_key('ssn', '"Billing Team"'), 'revoke_key reports the removal');
SET LOCAL ROLE reader;
SELECT throws_ok($$ SELECT governance.decrypt(ct) FROM sample $$, '42501', NULL,
                 'a revoke takes effect within the transaction');
RESET ROLE;
SELECT throws_ok($$ SELECT governance.grant_key('ssn', 'writer', ARRAY['read']) $$, '22023', NULL, 'unknown privileges are refused');
SELECT throws_ok($$ SELECT governance.grant_key('ssn', 'no_such_role') $$, '42704', NULL, 'unknown roles are refused');

SELECT * FROM finish();
ROLLBACK;
