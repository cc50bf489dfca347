BEGIN;
SELECT plan(12);

SELECT governance.unlock('pgtap master key: 0123456789abcdef0123456789abcdef');
SELECT governance.create_key('ssn');
SELECT governance.grant_key('ssn', 'postgres');
CREATE TABLE public."Patients ""VIP""" (id bigint PRIMARY KEY, "S S N" bytea);
INSERT INTO public."Patients ""VIP""" SELECT g, governance.encrypt('ssn-' || g, 'ssn') FROM generate_series(1, 25) g;
INSERT INTO public."Patients ""VIP""" VALUES (26, NULL);

SELECT is(governance.rotate_key('ssn'), 2, 'rotate_key returns the new version');
SELECT is((governance.ciphertext_info(governance.encrypt('new', 'ssn'))).version, 2,
          'new values use the new version at once, in the same transaction');
SELECT is((SELECT count(*)::int FROM public."Patients ""VIP""" WHERE governance.decrypt("S S N") = 'ssn-' || id), 25,
          'values encrypted before the rotation still decrypt');
SELECT is(governance.encryption_backlog('public."Patients ""VIP"""', 'S S N'), 25::bigint, 'the backlog counts old-version values');

SELECT results_eq($$ SELECT converted, done FROM governance.reencrypt('public."Patients ""VIP"""', 'S S N', 10) $$,
                  $$ VALUES (10::bigint, false) $$, 'a batch moves batch_size values and says more remain');
SELECT is(governance.encryption_backlog('public."Patients ""VIP"""', 'S S N'), 15::bigint,
          'an interrupted run leaves its progress in the data');
SELECT results_eq($$ SELECT converted, done FROM governance.reencrypt('public."Patients ""VIP"""', 'S S N', 10) $$,
                  $$ VALUES (10::bigint, false) $$, 'the next call resumes');
SELECT results_eq($$ SELECT converted, done FROM governance.reencrypt('public."Patients ""VIP"""', 'S S N', 10) $$,
                  $$ VALUES (5::bigint, true) $$, 'the last batch says done');
SELECT is_empty($$ SELECT FROM public."Patients ""VIP""" WHERE (governance.ciphertext_info("S S N")).version <> 2 $$,
                'after reencrypt no value uses the old version');
SELECT is((SELECT count(*)::int FROM public."Patients ""VIP""" WHERE governance.decrypt("S S N") = 'ssn-' || id), 25,
          'and every value still decrypts to itself');
SELECT results_eq($$ SELECT converted, done FROM governance.reencrypt('public."Patients ""VIP"""', 'S S N') $$,
                  $$ VALUES (0::bigint, true) $$, 'running it again changes nothing');
SELECT throws_ok($$ SELECT governance.rotate_key('nope') $$, '42704', 'governance.rotate_key: no encryption key named ''nope''');

SELECT * FROM finish();
ROLLBACK;
