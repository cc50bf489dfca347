BEGIN;
SELECT plan(18);

SELECT tests.create_user('enc_app', 'governance_app');
SELECT throws_ok($$ SELECT governance.create_key('ssn') $$, '55000',
                 'governance.create_key: encryption is locked: no master key was supplied in this transaction',
                 'nothing happens without the master key');
SELECT throws_ok($$ SELECT governance.unlock('too short') $$, '22023',
                 'governance.unlock: the master key must be a secret of at least 32 characters');
SELECT throws_ok($$ SELECT governance.unlock(NULL) $$, '22023', NULL, 'a NULL master key is refused');

SELECT governance.unlock('pgtap master key: 0123456789abcdef0123456789abcdef');
SELECT governance.create_key('ssn');
SELECT governance.grant_key('ssn', 'enc_app');
CREATE TEMPORARY TABLE sample AS SELECT governance.encrypt('123-45-6789', 'ssn') AS ct;
GRANT SELECT ON sample TO enc_app;

SELECT throws_ok($$ SELECT governance.unlock('pgtap master key: 0123456789abcdef0123456789abcdeX') $$, '28P01',
                 'governance.unlock: wrong master key', 'once keys exist, another master key is refused');
SELECT is(governance.decrypt(ct), '123-45-6789', 'a refused unlock leaves the earlier one in place') FROM sample;

-- The master key, and the key-encryption key derived from it, appear in no row of any
-- table or view of the governance schemas (searched as text, bytea shown as hex).
CREATE FUNCTION pg_temp.tables_containing(needles text[]) RETURNS SETOF text LANGUAGE plpgsql AS $f$
DECLARE
    rel regclass;
    hit boolean;
BEGIN
    FOR rel IN SELECT c.oid FROM pg_class c
                WHERE c.relnamespace::regnamespace::text IN ('governance', 'audit', 'access', 'privacy', 'lineage', 'compliance')
                  AND c.relkind IN ('r', 'v', 'm') LOOP
        EXECUTE format('SELECT EXISTS (SELECT FROM %s t, unnest($1) n WHERE strpos(t::text, n) > 0)', rel) INTO hit USING needles;
        IF hit THEN RETURN NEXT rel::text; END IF;
    END LOOP;
END
$f$;
SELECT is_empty($$
    SELECT pg_temp.tables_containing(ARRAY[
        'pgtap master key', encode(convert_to('pgtap master key', 'UTF8'), 'hex'),
        encode(governance.hmac_sha256('\x6b656b20656e6372797074696f6e'::bytea,
                                      convert_to('pgtap master key: 0123456789abcdef0123456789abcdef', 'UTF8')), 'hex'),
        encode(governance.hmac_sha256('\x6b656b2061757468656e7469636174696f6e'::bytea,
                                      convert_to('pgtap master key: 0123456789abcdef0123456789abcdef', 'UTF8')), 'hex')])
$$, 'neither the master key nor the key-encryption key is stored in any governance table or view');
SELECT isnt_empty($$ SELECT pg_temp.tables_containing(ARRAY[encode((SELECT wrapped FROM governance.data_keys LIMIT 1), 'hex')]) $$,
                  'the search does find what is stored (a wrapped key)');

SET LOCAL ROLE enc_app;
SELECT is(governance.decrypt(ct), '123-45-6789', 'the unlock holds for other roles of the transaction') FROM sample;
SELECT throws_ok($$ SELECT * FROM pg_temp.governance_unlocked_keys $$, '42501', NULL,
                 'the roles of the session cannot read the unlocked keys');
SELECT throws_ok($$ DELETE FROM pg_temp.governance_unlocked_keys $$, '42501', NULL, 'nor change them');
SELECT throws_ok($$ SELECT current_setting('governance.master_key') $$, '42704', NULL, 'no custom setting holds it');
SELECT governance.lock();
SELECT throws_ok($$ SELECT governance.decrypt(ct) FROM sample $$, '55000',
                 'governance.decrypt: encryption is locked: no master key was supplied in this transaction',
                 'after lock() nothing decrypts');
SELECT throws_ok($$ SELECT governance.encrypt('x', 'ssn') $$, '55000', NULL, 'nor encrypts');
RESET ROLE;

-- A session role that plants its own pg_temp.governance_unlocked_keys (to receive the
-- keys or to supply its own) makes unlock refuse it, and encrypt and decrypt never read
-- it: it cannot have the keyring's kind column type, so their per-value lookup does not
-- plan against it.
SELECT governance.lock();
DROP TABLE pg_temp.governance_unlocked_keys;
SET LOCAL ROLE enc_app;
SELECT throws_ok($$ CREATE TEMPORARY TABLE governance_unlocked_keys (kind governance.encryption_keyring_kind) $$, '42501', NULL,
                 'no other role can create a table with the keyring''s kind type');
CREATE TEMPORARY TABLE governance_unlocked_keys (kind text, invoker text, key_name text, subject_hash bytea, data_key_id bigint,
                                                 key_id integer, version integer, header bytea, enc_key bytea, mac_key bytea,
                                                 audited boolean);
INSERT INTO pg_temp.governance_unlocked_keys VALUES
    ('encrypt', 'enc_app', 'ssn', '', 1, 1, 1, '\x00000001000000010000000000000001', '\x00', '\x00', false),
    ('decrypt', 'enc_app', 'ssn', '', 1, 1, 1, '\x00000001000000010000000000000001', '\x00', '\x00', false);
SELECT throws_ok($$ SELECT governance.unlock('pgtap master key: 0123456789abcdef0123456789abcdef') $$, '42501',
                 'governance encryption: pg_temp.governance_unlocked_keys was not created by pg-governance; refusing to use it');
SELECT throws_ok($$ SELECT governance.encrypt('x', 'ssn') $$, '42883', NULL, 'encrypt does not read planted keys');
SELECT throws_ok($$ SELECT governance.decrypt(ct) FROM sample $$, '42883', NULL, 'nor does decrypt');
SELECT throws_ok($$ SELECT governance.blind_index('x', 'ssn') $$, '42883', NULL, 'nor blind_index');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
