BEGIN;
SELECT plan(4);

CREATE ROLE masking_reader_test NOLOGIN;
CREATE TABLE public.visits (id int, patient text, at date) PARTITION BY RANGE (at);
CREATE TABLE public.visits_2024 PARTITION OF public.visits FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
INSERT INTO public.visits VALUES (1, 'Ada Lovelace', '2024-03-01');
SELECT governance.classify('public.visits', 'patient', 'direct_identifier');

-- (The tests schema's definer functions, owned by the superuser, are paths of their own.)
SELECT is((SELECT count(*) FROM privacy.clear_paths('public.visits', 'masking_reader_test') p
            WHERE p NOT LIKE '%SECURITY DEFINER%'), 0::bigint,
          'a role without privileges has no path to clear values');
GRANT SELECT ON public.visits_2024 TO masking_reader_test;
SELECT ok(EXISTS (SELECT 1 FROM privacy.clear_paths('public.visits', 'masking_reader_test') p
                   WHERE p LIKE 'masking_reader_test may SELECT public.visits_2024.patient%'),
          'SELECT on a partition is a path to the partitioned table''s clear values');
SELECT throws_ok($$SELECT privacy.grant_masked('public.visits', 'masking_reader_test')$$, '42501', NULL,
                 'grant_masked refuses a reader of a partition');
REVOKE SELECT ON public.visits_2024 FROM masking_reader_test;
SELECT privacy.grant_masked('public.visits', 'masking_reader_test');
SET LOCAL ROLE masking_reader_test;
SELECT isnt((SELECT patient FROM public_masked.visits), 'Ada Lovelace', 'the masked view of a partitioned table masks its rows');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
