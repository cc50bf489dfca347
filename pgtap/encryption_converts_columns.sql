BEGIN;
SELECT plan(22);

SELECT governance.unlock('pgtap master key: 0123456789abcdef0123456789abcdef');
SELECT governance.create_key('ssn');
SELECT governance.grant_key('ssn', 'postgres');
SELECT tests.create_user('clerk', 'governance_app');
SELECT tests.create_user('nosy', 'governance_app');
SELECT governance.grant_key('ssn', 'clerk', ARRAY['decrypt']);

CREATE TABLE public."Mixed Case" (id integer, "with space" text NOT NULL, "quote""d" date, note text, PRIMARY KEY (id));
INSERT INTO public."Mixed Case"
SELECT g, 'ssn ' || g, date '2000-01-01' + g, 'note ' || g FROM generate_series(1, 45) g;
INSERT INTO public."Mixed Case" VALUES (46, '''; DROP TABLE governance.keys; --', NULL, NULL);
GRANT SELECT ON public."Mixed Case" TO clerk, nosy;
SELECT governance.classify('public."Mixed Case"', 'quote"d', 'quasi_identifier');

-- The key is loaded once per call, for the calling role: an administrator without the
-- encrypt grant converts nothing.
SELECT tests.create_user('enc_admin', 'governance_admin');
SET LOCAL ROLE enc_admin;
SELECT throws_ok($$ SELECT governance.encrypt_column('public."Mixed Case"', 'note', 'ssn') $$, '42501',
                 'governance.encrypt_column: role enc_admin may not encrypt with key ''ssn''',
                 'encrypt_column needs the encrypt grant of the calling role');
RESET ROLE;
SELECT hasnt_column('public', 'Mixed Case', 'note__encrypted', 'and the refused call changed nothing');

SELECT results_eq($$ SELECT converted, done FROM governance.encrypt_column('public."Mixed Case"', 'with space', 'ssn', 20) $$,
                  $$ VALUES (20::bigint, false) $$, 'the first batch converts batch_size rows');
SELECT is(governance.encryption_backlog('public."Mixed Case"', 'with space'), 26::bigint, 'the backlog counts what is left');
SELECT has_column('public', 'Mixed Case', 'with space', 'the plaintext column stays readable while converting');

-- An application update during the conversion: its row must be encrypted again.
UPDATE public."Mixed Case" SET "with space" = 'changed' WHERE id = 1;
SELECT is(governance.encryption_backlog('public."Mixed Case"', 'with space'), 27::bigint,
          'changing a converted row puts it back in the backlog');

SELECT results_eq($$ SELECT converted, done FROM governance.encrypt_column('public."Mixed Case"', 'with space', 'ssn', 20) $$,
                  $$ VALUES (20::bigint, false) $$, 'the next call resumes');
SELECT results_eq($$ SELECT converted, done FROM governance.encrypt_column('public."Mixed Case"', 'with space', 'ssn', 20) $$,
                  $$ VALUES (7::bigint, true) $$, 'the last call finishes');
SELECT col_type_is('public', 'Mixed Case', 'with space', 'bytea', 'the column now holds ciphertexts');
SELECT col_not_null('public', 'Mixed Case', 'with space', 'NOT NULL is kept');
SELECT is_empty($$ SELECT FROM public."Mixed Case" WHERE get_byte("with space", 0) <> 225 $$, 'every value is a ciphertext');
SELECT results_eq($$ SELECT id, "with space", "quote""d" FROM public."Mixed Case_decrypted" WHERE id IN (1, 2, 46) ORDER BY id $$,
                  $$ VALUES (1, 'changed', date '2000-01-02'), (2, 'ssn 2', date '2000-01-03'),
                            (46, '''; DROP TABLE governance.keys; --', NULL::date) $$,
                  'the decrypted view shows the values, the update made during conversion included');
SELECT is(ARRAY(SELECT attname::text FROM pg_attribute
                 WHERE attrelid = 'public."Mixed Case_decrypted"'::regclass AND attnum > 0 ORDER BY attnum),
          ARRAY['id', 'with space', 'quote"d', 'note'], 'the view keeps the original column order');
SELECT is((SELECT sensitivity FROM governance.classifications
            WHERE table_name = 'public."Mixed Case"'::regclass AND column_name = 'with space'), 'restricted',
          'the column is classified restricted');

-- Ciphertexts are bound to their row: swapping two rows' ciphertexts makes both unreadable.
UPDATE public."Mixed Case" m SET "with space" = o."with space"
  FROM public."Mixed Case" o WHERE m.id = 3 AND o.id = 4;
SELECT throws_ok($$ SELECT "with space" FROM public."Mixed Case_decrypted" WHERE id = 3 $$, '22000', NULL,
                 'a ciphertext copied onto another row does not decrypt there');
SELECT throws_ok($$ INSERT INTO public."Mixed Case" (id, "with space") VALUES (99, 'plain text written by mistake') $$,
                 '23514', NULL, 'plaintext written into the encrypted column is refused');
SELECT lives_ok($$ INSERT INTO public."Mixed Case" (id, "with space")
                   VALUES (100, governance.encrypt('new', 'ssn', NULL, governance.column_context('public."Mixed Case"', 'with space', '[100]'))) $$,
                'applications write new values with the column context');

SET LOCAL ROLE clerk;
SELECT is((SELECT "with space" FROM public."Mixed Case_decrypted" WHERE id = 100), 'new', 'a granted reader reads the view');
RESET ROLE;
SET LOCAL ROLE nosy;
SELECT throws_ok($$ SELECT "with space" FROM public."Mixed Case_decrypted" WHERE id = 2 $$, '42501', NULL,
                 'a reader without the key grant cannot decrypt through the view');
RESET ROLE;

SELECT results_eq($$ SELECT converted, done FROM governance.encrypt_column('public."Mixed Case"', 'with space', 'ssn') $$,
                  $$ VALUES (0::bigint, true) $$, 'calling it again changes nothing');
SELECT throws_ok($$ SELECT governance.encrypt_column('public."Mixed Case"', 'id', 'ssn') $$, '0A000', NULL,
                 'primary key columns cannot be encrypted');
CREATE TABLE public.no_pk (v text);
SELECT throws_ok($$ SELECT governance.encrypt_column('public.no_pk', 'v', 'ssn') $$, '42P16',
                 'governance.encrypt_column: table public.no_pk has no primary key');

SELECT * FROM finish();
ROLLBACK;
