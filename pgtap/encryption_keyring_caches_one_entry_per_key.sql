BEGIN;
SELECT plan(8);

-- What the per-value hot paths rely on: the keyring holds one entry per data key and
-- role (so lookups stay index lookups however many subject keys a transaction loads),
-- and it is never planned from statistics taken while it was nearly empty.
SELECT governance.unlock('pgtap master key: 0123456789abcdef0123456789abcdef');
SELECT governance.create_key('ssn');
SELECT tests.create_user('enc_app', 'governance_app');
SELECT governance.grant_key('ssn', 'enc_app');
SET LOCAL ROLE enc_app;
CREATE TEMPORARY TABLE sample AS
    SELECT s, governance.encrypt('value ' || g, 'ssn', 'subject-' || s) AS ct
      FROM generate_series(1, 3) s, generate_series(1, 4) g;
SELECT is(count(governance.decrypt(ct)), 12::bigint, 'twelve values of three subjects decrypt') FROM sample;
RESET ROLE;

SELECT results_eq($$ SELECT kind::text, count(*) FROM pg_temp.governance_unlocked_keys GROUP BY 1 ORDER BY 1 $$,
                  $$ VALUES ('decrypt', 3::bigint), ('encrypt', 3::bigint), ('kek', 1::bigint) $$,
                  'the keyring caches one key per subject for each direction, not one per value');
SELECT throws_ok($$ INSERT INTO pg_temp.governance_unlocked_keys (kind, invoker, key_name, subject_hash, enc_key)
                    SELECT kind, invoker, key_name, subject_hash, enc_key FROM pg_temp.governance_unlocked_keys
                     WHERE kind = 'encrypt' LIMIT 1 $$,
                 '23505', NULL, 'a second entry for the same key and role is refused');

SELECT cmp_ok((SELECT reltuples FROM pg_class WHERE oid = 'pg_temp.governance_unlocked_keys'::regclass), '<', 0::real,
              'the keyring starts never analyzed');
ANALYZE pg_temp.governance_unlocked_keys;
SELECT cmp_ok((SELECT reltuples FROM pg_class WHERE oid = 'pg_temp.governance_unlocked_keys'::regclass), '>=', 0::real,
              'an ANALYZE records statistics of a nearly empty keyring');
SELECT governance.unlock('pgtap master key: 0123456789abcdef0123456789abcdef');
SELECT cmp_ok((SELECT reltuples FROM pg_class WHERE oid = 'pg_temp.governance_unlocked_keys'::regclass), '<', 0::real,
              'the next unlock starts a fresh keyring, planned with its indexes');
SET LOCAL ROLE enc_app;
SELECT is(count(governance.decrypt(ct)), 12::bigint, 'and the values still decrypt') FROM sample;
RESET ROLE;
SELECT is((SELECT count(*) FROM pg_temp.governance_unlocked_keys WHERE kind = 'decrypt'), 3::bigint,
          'with the keys loaded again, once each');

SELECT * FROM finish();
ROLLBACK;
