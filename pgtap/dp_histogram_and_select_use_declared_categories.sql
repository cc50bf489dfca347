BEGIN;
SELECT plan(9);

CREATE TABLE public."Diagnoses" ("ICD code" text, patient int);
INSERT INTO public."Diagnoses" SELECT 'flu', g FROM pg_catalog.generate_series(1, 40) g;
INSERT INTO public."Diagnoses" SELECT 'cold', g FROM pg_catalog.generate_series(41, 50) g;
INSERT INTO public."Diagnoses" VALUES ('rare disease', 51), ('x''); DROP TABLE public."Diagnoses"; --', 52);
SELECT privacy.set_budget(governance.current_actor(), 'public."Diagnoses"', 1e9);

SELECT results_eq(
    $$ SELECT category, pg_catalog.round(count) FROM privacy.dp_histogram('public."Diagnoses"', 'ICD code',
                                                               ARRAY['flu', 'cold', 'measles'], 1e6) $$,
    $$ VALUES ('flu', 40::numeric), ('cold', 10), ('measles', 0) $$,
    'the histogram has exactly the declared bars, in order, undeclared values ignored (noise negligible at epsilon 1e6)');
SELECT results_eq(
    $$ SELECT query, epsilon, sensitivity, noise_scale, pg_catalog.jsonb_array_length(result)
         FROM privacy.dp_releases WHERE dataset = 'public."Diagnoses"'::regclass AND query = 'histogram' $$,
    $$ VALUES ('histogram', 1e6::numeric, 1::numeric, 0.000001::numeric, 3) $$,
    'a histogram is one release: epsilon charged once, sensitivity 1 per subject');

SELECT is(privacy.dp_select('public."Diagnoses"', 'ICD code', ARRAY['cold', 'flu', 'measles'], 1e3), 'flu',
          'with a large epsilon the exponential mechanism picks the most frequent category');
SELECT results_eq(
    $$ SELECT mechanism, sensitivity, noise_scale, result FROM privacy.dp_releases WHERE dataset = 'public."Diagnoses"'::regclass AND query = 'select' $$,
    $$ VALUES ('exponential', 1::numeric, 0.002::numeric, '"flu"'::jsonb) $$,
    'a selection is logged with its temperature 2k/epsilon');

SELECT results_eq(
    $$ SELECT category, pg_catalog.round(count) FROM privacy.dp_histogram('public."Diagnoses"', 'ICD code',
                                                               ARRAY['x''); DROP TABLE public."Diagnoses"; --'], 1e6) $$,
    $$ VALUES ('x''); DROP TABLE public."Diagnoses"; --', 1::numeric) $$,
    'a hostile category is a value to count, not SQL');

SELECT privacy.dp_configure('public."Diagnoses"', 'patient', 3);
SELECT lives_ok($$ SELECT * FROM privacy.dp_histogram('public."Diagnoses"', 'ICD code', ARRAY['flu'], 2) $$);
SELECT is((SELECT noise_scale FROM privacy.dp_releases WHERE dataset = 'public."Diagnoses"'::regclass AND query = 'histogram' AND epsilon = 2), 1.5::numeric,
          'the scale follows the contribution limit: 3 / 2');

SELECT throws_ok($$ SELECT privacy.dp_select('public."Diagnoses"', 'ICD code', ARRAY['flu', 'flu'], 1) $$, '22023',
                 'privacy.dp_select: categories must be one or more distinct non-null values');
SELECT throws_ok($$ SELECT * FROM privacy.dp_histogram('public."Diagnoses"', 'ICD code', ARRAY['flu', NULL], 1) $$, '22023',
                 'privacy.dp_histogram: categories must be one or more distinct non-null values');

SELECT * FROM finish();
ROLLBACK;
