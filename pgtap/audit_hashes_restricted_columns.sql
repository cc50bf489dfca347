BEGIN;
SELECT plan(8);

CREATE TABLE public.patients (id int PRIMARY KEY, name text, ssn text, diagnosis text, photo bytea);
SELECT governance.classify('public.patients', 'ssn', 'direct_identifier', 'restricted');
SELECT audit.enable('public.patients', exclude_columns => ARRAY['photo']::name[]);

INSERT INTO public.patients VALUES (1, 'Ann', '123-45-6789', 'flu', '\xdeadbeef');
UPDATE public.patients SET ssn = '987-65-4321' WHERE id = 1;
UPDATE public.patients SET photo = '\x00' WHERE id = 1;  -- only an excluded column: nothing to record

SELECT is_empty($$ SELECT id FROM audit.changes WHERE table_name = 'public.patients'
                     AND (coalesce(old_values::text, '') || coalesce(new_values::text, '') || row_key::text)
                         ~ '(123-45-6789|987-65-4321)' $$,
                'a restricted value is never stored in clear');
SELECT ok((SELECT new_values ->> 'ssn' ~ '^hmac-sha256:[0-9a-f]{64}$' FROM audit.changes
            WHERE table_name = 'public.patients' AND op = 'INSERT'), 'it is stored as a keyed hash');
SELECT is((SELECT changed_columns FROM audit.changes WHERE table_name = 'public.patients' AND op = 'UPDATE'),
          ARRAY['ssn'], 'a change of a restricted value is still visible as a change');
SELECT is_empty($$ SELECT id FROM audit.changes WHERE table_name = 'public.patients'
                     AND (old_values ? 'photo' OR new_values ? 'photo') $$,
                'excluded columns are not stored at all, and changing only them records nothing');

-- Classifying after enable takes effect at once: the triggers follow the catalog.
SELECT governance.classify('public.patients', 'diagnosis', 'health', 'restricted');
UPDATE public.patients SET diagnosis = 'measles' WHERE id = 1;
SELECT is_empty($$ SELECT id FROM audit.changes WHERE table_name = 'public.patients' AND new_values::text ~ 'measles' $$,
                'a column classified restricted after enable is hashed from then on');
SELECT governance.unclassify('public.patients', 'diagnosis');
UPDATE public.patients SET diagnosis = 'cold' WHERE id = 1;
SELECT is((SELECT new_values ->> 'diagnosis' FROM audit.changes WHERE table_name = 'public.patients' ORDER BY id DESC LIMIT 1),
          'cold', 'and in clear again once unclassified');
SELECT is((SELECT restricted_columns FROM audit.tables WHERE relid = 'public.patients'::regclass),
          ARRAY['ssn'], 'audit.tables shows the restricted columns in use');

-- A dropped audited table does not get in the way of classifying others.
CREATE TABLE public.gone (id int PRIMARY KEY, secret text);
SELECT governance.classify('public.gone', 'secret', 'credentials', 'restricted');
SELECT audit.enable('public.gone');
DROP TABLE public.gone;
CREATE TABLE public.staff (id int PRIMARY KEY, pin text);
SELECT lives_ok($$ SELECT governance.classify('public.staff', 'pin', 'credentials', 'restricted') $$,
                'classification still works after an audited table was dropped');

SELECT * FROM finish();
ROLLBACK;
