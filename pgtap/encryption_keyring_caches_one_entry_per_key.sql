BEGIN;
SELECT plan(9);

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

-- What the planner reads as "never analyzed": reltuples < 0 from 14 on, relpages = 0 on 13
-- (which stores reltuples 0 both before and after an ANALYZE of an empty table).
CREATE FUNCTION pg_temp.keyring_never_analyzed() RETURNS boolean LANGUAGE sql AS $$
    SELECT CASE WHEN current_setting('server_version_num')::int >= 140000 THEN reltuples < 0 ELSE relpages = 0 END
      FROM pg_class WHERE oid = 'pg_temp.governance_unlocked_keys'::regclass $$;
CREATE TEMPORARY TABLE keyring_oid AS SELECT 'pg_temp.governance_unlocked_keys'::regclass::oid AS first;
SELECT ok(pg_temp.keyring_never_analyzed(), 'the keyring starts never analyzed');
SELECT governance.unlock('pgtap master key: 0123456789abcdef0123456789abcdef');
SELECT is('pg_temp.governance_unlocked_keys'::regclass::oid, (SELECT first FROM keyring_oid),
          'an unlock keeps a keyring that was never analyzed');
ANALYZE pg_temp.governance_unlocked_keys;
SELECT ok(NOT pg_temp.keyring_never_analyzed(), 'an ANALYZE records statistics of a nearly empty keyring');
SELECT governance.unlock('pgtap master key: 0123456789abcdef0123456789abcdef');
SELECT ok(pg_temp.keyring_never_analyzed() AND 'pg_temp.governance_unlocked_keys'::regclass::oid <> (SELECT first FROM keyring_oid),
          'the next unlock starts a fresh keyring, planned with its indexes');
SET LOCAL ROLE enc_app;
SELECT is(count(governance.decrypt(ct)), 12::bigint, 'and the values still decrypt') FROM sample;
RESET ROLE;
SELECT is((SELECT count(*) FROM pg_temp.governance_unlocked_keys WHERE kind = 'decrypt'), 3::bigint,
          'with the keys loaded again, once each');

SELECT * FROM finish();
ROLLBACK;
