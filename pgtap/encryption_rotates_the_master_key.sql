BEGIN;
SELECT plan(7);

SELECT governance.unlock('pgtap master key: 0123456789abcdef0123456789abcdef');
SELECT governance.create_key('ssn');
SELECT governance.create_key('email');
SELECT governance.grant_key('ssn', 'postgres');
SELECT governance.grant_key('email', 'postgres');
CREATE TEMPORARY TABLE sample AS
SELECT governance.encrypt('123-45-6789', 'ssn') AS ct, governance.encrypt('x', 'ssn', 'bob') AS subject_ct,
       governance.blind_index('a@example.com', 'email') AS idx;
SELECT governance.shred_subject_keys('nobody');

SELECT throws_ok($$ SELECT governance.rotate_master_key('short') $$, '22023', NULL, 'the new master key must be strong too');
SELECT is(governance.rotate_master_key('the new master key: fedcba9876543210fedcba9876543210'), 5,
          'three data keys and two index keys are re-wrapped');
SELECT is(governance.decrypt(ct) || governance.decrypt(subject_ct), '123-45-6789x', 'values decrypt in the same transaction')
  FROM sample;
SELECT throws_ok($$ SELECT governance.unlock('pgtap master key: 0123456789abcdef0123456789abcdef') $$, '28P01', NULL,
                 'the old master key is refused afterwards');
SELECT lives_ok($$ SELECT governance.unlock('the new master key: fedcba9876543210fedcba9876543210') $$, 'the new one unlocks');
SELECT is(governance.decrypt(ct), '123-45-6789', 'and decrypts old values') FROM sample;
SELECT is(governance.blind_index('a@example.com', 'email'), idx, 'blind index values stay valid') FROM sample;

SELECT * FROM finish();
ROLLBACK;
