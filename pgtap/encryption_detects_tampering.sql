BEGIN;
SELECT plan(11);

SELECT governance.unlock('pgtap master key: 0123456789abcdef0123456789abcdef');
SELECT governance.create_key('ssn');
SELECT governance.create_key('other');
SELECT tests.create_user('enc_app', 'governance_app');
SELECT governance.grant_key('ssn', 'enc_app');
SELECT governance.grant_key('other', 'enc_app');
SET LOCAL ROLE enc_app;

CREATE TEMPORARY TABLE sample AS SELECT governance.encrypt('123-45-6789', 'ssn') AS ct,
                                        governance.encrypt('123-45-6789', 'ssn', NULL, 'row 1') AS bound;

-- Flip one bit in each part of the ciphertext: the flags, the key version, the IV, the
-- ciphertext block and the MAC. None may decrypt to anything.
SELECT throws_ok(pg_catalog.format('SELECT governance.decrypt(%L::bytea)', set_byte(ct, pos, get_byte(ct, pos) # 16)),
                 '22000', NULL, pg_catalog.format('a flipped bit at byte %s is detected', pos))
  FROM sample, unnest(ARRAY[9, 20, 40, 70]) pos;
SELECT throws_ok(pg_catalog.format('SELECT governance.decrypt(%L::bytea)', set_byte(ct, 1, 3)),
                 '22023', NULL, 'claiming a context in the flags is refused') FROM sample;
SELECT throws_ok(pg_catalog.format('SELECT governance.decrypt(%L::bytea)', substr(ct, 1, 66)),
                 '22000', 'governance.decrypt: the value is not a pg-governance ciphertext', 'a truncated ciphertext is refused') FROM sample;
SELECT throws_ok(pg_catalog.format('SELECT governance.decrypt(%L::bytea)', ct || '\x00'::bytea),
                 '22000', NULL, 'an extended ciphertext is refused') FROM sample;
SELECT throws_ok($$ SELECT governance.decrypt('plain text, not a ciphertext at all, long enough to pass a length check ......'::bytea) $$,
                 '22000', 'governance.decrypt: the value is not a pg-governance ciphertext');

SELECT is(governance.decrypt(bound, 'row 1'), '123-45-6789', 'the right context decrypts') FROM sample;
SELECT throws_ok(pg_catalog.format('SELECT governance.decrypt(%L::bytea, %L)', bound, 'row 2'),
                 '22000', NULL, 'a ciphertext bound to one row does not decrypt for another') FROM sample;
SELECT throws_ok(pg_catalog.format('SELECT governance.decrypt(%L::bytea)', bound),
                 '22023', 'governance.decrypt: the ciphertext is bound to a context; pass the context it was encrypted with') FROM sample;

SELECT * FROM finish();
ROLLBACK;
