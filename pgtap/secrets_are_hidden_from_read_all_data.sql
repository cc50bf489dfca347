-- pg_read_all_data (14+; on 13 SELECT granted on every table by mistake) may SELECT every
-- table; the keys that seal the session context and hash identifiers must still show it
-- nothing (with them it could forge an actor).
BEGIN;
SELECT plan(5);

SELECT tests.create_reader_of_everything('reader_of_everything');
SET LOCAL ROLE reader_of_everything;
SELECT is((SELECT count(*)::int FROM governance.context_key), 0, 'the context key is hidden');
SELECT is((SELECT count(*)::int FROM governance.subject_pepper), 0, 'the subject pepper is hidden');
SELECT is((SELECT count(*)::int FROM audit.hash_key), 0, 'the audit hash key is hidden');
SELECT is((SELECT count(*)::int FROM privacy.erasure_key), 0, 'the erasure key is hidden');
RESET ROLE;
SELECT is((SELECT count(*)::int FROM governance.context_key), 1, 'while the owner still reads it');

SELECT * FROM finish();
ROLLBACK;
