-- With a huge epsilon the noise is far below the tolerances used here (scale 1e-4 for bounds
-- of 100 at epsilon 1e6), so these tests see the clamped statistic itself.
BEGIN;
SELECT plan(15);

CREATE TABLE public."Mixed Case" ("with space" numeric, "quote""d" text, subject int);
INSERT INTO public."Mixed Case" SELECT g, 'x', g FROM pg_catalog.generate_series(1, 10) g;  -- sum 55
SELECT privacy.set_budget(governance.current_actor(), 'public."Mixed Case"', 1e9);

SELECT ok(pg_catalog.abs(privacy.dp_sum('public."Mixed Case"', 'with space', 0, 100, 1e6) - 55) < 0.01,
          'in-range values are summed as they are');
SELECT ok(pg_catalog.abs(privacy.dp_sum('public."Mixed Case"', 'with space', 0, 5, 1e6) - 40) < 0.01,
          'values above the upper bound count as the upper bound (1+2+3+4+5 + 5*5)');
SELECT ok(pg_catalog.abs(privacy.dp_sum('public."Mixed Case"', 'with space', 4, 100, 1e6) - 61) < 0.01,
          'values below the lower bound count as the lower bound (4*4 + 5+...+10)');

INSERT INTO public."Mixed Case" VALUES (NULL, 'x', 13);
SELECT ok(pg_catalog.abs(privacy.dp_sum('public."Mixed Case"', 'with space', 4, 100, 1e6) - 61) < 0.01,
          'a NULL contributes nothing (it is not clamped up to the lower bound)');
DELETE FROM public."Mixed Case" WHERE "with space" IS NULL;

-- One hostile row far out of range moves the sum by at most the sensitivity max(|lower|, |upper|).
INSERT INTO public."Mixed Case" VALUES (1e30, 'x', 11), (-1e30, 'x', 12);
SELECT ok(pg_catalog.abs(privacy.dp_sum('public."Mixed Case"', 'with space', -20, 100, 1e6) - (55 + 100 - 20)) < 0.01,
          'out-of-range rows contribute their clamped value');
SELECT ok(privacy.dp_mean('public."Mixed Case"', 'with space', 0, 100, 1e6) BETWEEN 0 AND 100,
          'a mean stays within the bounds whatever the data');
SELECT ok(pg_catalog.abs(privacy.dp_mean('public."Mixed Case"', 'with space', 0, 100, 1e6) - 155.0 / 12) < 0.01,
          'the mean is the clamped sum over the count');

SELECT results_eq(
    $$ SELECT r.epsilon, r.sensitivity, r.noise_scale FROM privacy.dp_sum_release('public."Mixed Case"', 'with space', -300, 200, 2) r $$,
    $$ VALUES (2::numeric, 300::numeric, 150::numeric) $$,
    'a sum''s sensitivity is max(|lower|, |upper|), from the bounds only; its noise scale is that over epsilon');
SELECT results_eq(
    $$ SELECT r.sensitivity, r.noise_scale FROM privacy.dp_mean_release('public."Mixed Case"', 'with space', 10, 30, 0.5) r $$,
    $$ VALUES (10::numeric, 40::numeric) $$,
    'a mean''s centred sum has sensitivity (upper - lower) / 2 and gets half of epsilon');

-- Contribution bounding: each subject contributes at most max_contributions rows.
INSERT INTO public."Mixed Case" SELECT 1, 'x', 1 FROM pg_catalog.generate_series(1, 50);
SELECT privacy.dp_configure('public."Mixed Case"', 'subject', 2);
SELECT ok(pg_catalog.abs(privacy.dp_count('public."Mixed Case"', 1e6) - 13) < 0.01,
          'rows beyond a subject''s contribution limit are not counted (12 subjects, one with 2 rows)');
SELECT is((privacy.dp_count_release('public."Mixed Case"', 1)).sensitivity, 2::numeric,
          'sensitivity scales with the contribution limit');

SELECT throws_ok($$ SELECT privacy.dp_sum('public."Mixed Case"', 'with space', 10, 10, 1) $$, '22023',
                 'privacy.dp_sum: bounds must be finite numbers with lower < upper, got [10, 10]');
SELECT throws_ok($$ SELECT privacy.dp_sum('public."Mixed Case"', 'with space', 0, 'NaN', 1) $$, '22023', NULL,
                 'a NaN bound is refused');
SELECT throws_ok($$ SELECT privacy.dp_mean('public."Mixed Case"', 'quote"d', 0, 1, 1) $$, '42804',
                 'privacy.dp_mean: column "quote""d" of public."Mixed Case" is text, not a number');
SELECT throws_ok($$ SELECT privacy.dp_sum('public."Mixed Case"', 'x''; DROP TABLE public."Mixed Case"; --', 0, 1, 1) $$,
                 '42703', NULL, 'a hostile column name is an unknown column, not SQL');

SELECT * FROM finish();
ROLLBACK;
