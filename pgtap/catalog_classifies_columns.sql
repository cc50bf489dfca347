BEGIN;
SELECT plan(9);

CREATE TABLE public."Patient Records" ("E-mail" text, diagnosis text, note text);

SELECT lives_ok($$ SELECT governance.classify('public."Patient Records"', 'E-mail', 'contact') $$,
                'a column of a table needing quotes is classified');
SELECT lives_ok($$ SELECT governance.classify('public."Patient Records"', 'diagnosis', 'health', 'restricted') $$);
SELECT results_eq(
    $$ SELECT column_name::text COLLATE "default", category, sensitivity, special_category FROM governance.classified_columns
        WHERE table_name = 'Patient Records' ORDER BY column_name COLLATE "C" $$,
    $$ VALUES ('E-mail', 'contact', 'confidential', false), ('diagnosis', 'health', 'restricted', true) $$,
    'classified_columns lists both, sensitivity defaulting to confidential');

SELECT governance.classify('public."Patient Records"', 'E-mail', 'direct_identifier', 'restricted');
SELECT is((SELECT category FROM governance.classifications
            WHERE table_name = 'public."Patient Records"'::regclass AND column_name = 'E-mail'),
          'direct_identifier', 're-classifying replaces the earlier tag');

SELECT throws_ok($$ SELECT governance.classify('public."Patient Records"', 'nope', 'contact') $$,
                 '42703', 'governance.classify: table public."Patient Records" has no column nope');
SELECT throws_ok($$ SELECT governance.classify('public."Patient Records"', 'note', 'gossip') $$,
                 '22023', 'governance.classify: unknown category ''gossip''');
SELECT throws_ok($$ SELECT governance.classify('public."Patient Records"', 'note', 'free_text', 'secret'' OR 1=1 --') $$,
                 '22023', NULL, 'a hostile sensitivity value is rejected, not interpreted');

SELECT ok(governance.unclassify('public."Patient Records"', 'diagnosis'), 'unclassify reports a removal');
SELECT is((SELECT count(*)::int FROM governance.classified_columns WHERE table_name = 'Patient Records'), 1);

SELECT * FROM finish();
ROLLBACK;
