BEGIN;
SELECT plan(17);

SELECT governance.unlock('pgtap master key: 0123456789abcdef0123456789abcdef');
SELECT governance.create_key('ssn');
SELECT tests.create_user('enc_app', 'governance_app');
SELECT governance.grant_key('ssn', 'enc_app');
SET LOCAL ROLE enc_app;

SELECT is(governance.decrypt(governance.encrypt('123-45-6789', 'ssn')), '123-45-6789', 'text round trip');
SELECT is(governance.decrypt(governance.encrypt('', 'ssn')), '', 'the empty string round-trips (not NULL)');
SELECT is(governance.encrypt(NULL::text, 'ssn'), NULL, 'NULL text stays NULL');
SELECT is(governance.encrypt(NULL::bytea, 'ssn'), NULL, 'NULL bytea stays NULL');
SELECT is(governance.decrypt(NULL), NULL, 'decrypt(NULL) is NULL');
SELECT is(governance.decrypt_bytea(NULL), NULL, 'decrypt_bytea(NULL) is NULL');
SELECT is(governance.decrypt(governance.encrypt('Zoë Ωmega 東京 🙂', 'ssn')), 'Zoë Ωmega 東京 🙂', 'non-ASCII text round-trips');
SELECT is(governance.decrypt_bytea(governance.encrypt('\x00ff10'::bytea, 'ssn')), '\x00ff10'::bytea, 'bytea round trip, zero bytes included');
SELECT is(governance.decrypt_bytea(governance.encrypt('é', 'ssn')), '\xc3a9'::bytea, 'decrypt_bytea of a text ciphertext gives its UTF-8 bytes');
SELECT throws_ok($$ SELECT governance.decrypt(governance.encrypt('\xff'::bytea, 'ssn')) $$, '22023',
                 'governance.decrypt: the ciphertext holds bytes, not text', 'decrypt refuses a bytea ciphertext');

SELECT is(pg_catalog.md5(governance.decrypt(governance.encrypt(repeat('0123456789abcdef', 65536), 'ssn'))),
          pg_catalog.md5(repeat('0123456789abcdef', 65536)), 'a 1 MB value round-trips');
SELECT isnt(governance.encrypt('same', 'ssn'), governance.encrypt('same', 'ssn'), 'encryption is randomised: equal values give different ciphertexts');
SELECT is(governance.decrypt(governance.encrypt('hostile''; DROP TABLE governance.keys; --', 'ssn')),
          'hostile''; DROP TABLE governance.keys; --', 'a hostile value is data, not SQL');
SELECT is(length(governance.encrypt('123-45-6789', 'ssn')), 82, 'a short value costs 82 bytes: 18 header, 16 IV, 16 block, 32 MAC');

SELECT results_eq($$ SELECT key_name, version, is_text, context_bound, per_subject
                       FROM governance.ciphertext_info(governance.encrypt('x', 'ssn', 'subject-1', 'ctx')) $$,
                  $$ VALUES ('ssn', 1, true, true, true) $$, 'the header names key and version and the flags');
SELECT throws_ok($$ SELECT governance.encrypt('x', 'ssn', '') $$, '22023',
                 'governance.encrypt: subject_key must be NULL (shared key) or non-empty');
SELECT throws_ok($$ SELECT governance.encrypt('x', 'no-such-key') $$, '42704',
                 'governance.encrypt: no encryption key named ''no-such-key''');

SELECT * FROM finish();
ROLLBACK;
