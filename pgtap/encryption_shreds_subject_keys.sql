BEGIN;
SELECT plan(10);

SELECT governance.unlock('pgtap master key: 0123456789abcdef0123456789abcdef');
SELECT governance.create_key('health');
SELECT governance.grant_key('health', 'postgres');
SELECT tests.create_user('dpo', 'governance_dpo');
SELECT tests.create_user('app', 'governance_app');

CREATE TEMPORARY TABLE notes AS
SELECT s AS subject, governance.encrypt('note of ' || s, 'health', s) AS ct
  FROM unnest(ARRAY['alice', 'bob', 'Zoë ''; --']) s;
INSERT INTO notes VALUES ('alice', governance.encrypt('second note of alice', 'health', 'alice'));
INSERT INTO notes VALUES ('shared', governance.encrypt('shared note', 'health'));
GRANT SELECT ON notes TO dpo, app;

SELECT is((SELECT count(DISTINCT (governance.ciphertext_info(ct)).data_key_id)::int FROM notes WHERE subject <> 'shared'), 3,
          'each subject gets its own data key, reused for its later values');
SELECT is((SELECT count(*)::int FROM governance.data_keys WHERE subject_hash = convert_to('alice', 'UTF8')), 0,
          'the key tables hold a keyed hash, not the subject key');
SELECT governance.rotate_key('health');
INSERT INTO notes VALUES ('alice', governance.encrypt('note after rotation', 'health', 'alice'));

SET LOCAL ROLE app;
SELECT throws_ok($$ SELECT governance.shred_subject_keys('alice') $$, '42501', NULL, 'an application role cannot shred');
RESET ROLE;
SET LOCAL ROLE dpo;
SELECT governance.lock();
SELECT is(governance.shred_subject_keys('alice'), 2, 'the DPO shreds both versions of alice''s key without the master key');
SELECT is(governance.shred_subject_keys('alice'), 0, 'shredding again finds nothing');
RESET ROLE;

SELECT governance.unlock('pgtap master key: 0123456789abcdef0123456789abcdef');
SELECT throws_ok(pg_catalog.format('SELECT governance.decrypt(%L::bytea)', ct), 'P0002', NULL,
                 pg_catalog.format('alice''s value %s is unreadable', n))
  FROM (SELECT ct, row_number() OVER () AS n FROM notes WHERE subject = 'alice') a;
SELECT is((SELECT array_agg(governance.decrypt(ct) ORDER BY subject COLLATE "C")::text FROM notes WHERE subject <> 'alice'),
          ARRAY['note of Zoë ''; --', 'note of bob', 'shared note']::text,
          'other subjects and shared values are untouched');
SELECT is((governance.ciphertext_info(ct)).key_destroyed, true, 'ciphertext_info reports the destroyed key')
  FROM notes WHERE subject = 'alice' LIMIT 1;

SELECT * FROM finish();
ROLLBACK;
