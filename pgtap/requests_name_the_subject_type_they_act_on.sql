-- Access, portability and erasure act on a registered subject type. A request opened
-- without one when several are registered could never be carried out (and the request
-- itself cannot change), so it is refused when it is opened; with one registered, that
-- one is recorded, so registering a second later does not strand the request.
BEGIN;
SELECT plan(7);

CREATE TABLE public.members (id int PRIMARY KEY);
CREATE TABLE public.patients (id text PRIMARY KEY);
INSERT INTO public.members VALUES (1);
INSERT INTO public.patients VALUES ('p1');

SELECT is((SELECT subject_type FROM privacy.requests WHERE id = privacy.open_request('1', 'objection')), NULL,
          'without registered subjects a request needs no subject type');
SELECT privacy.register_subject('member', 'public.members', 'id');
CREATE TEMP TABLE r AS SELECT privacy.open_request('1', 'access') AS id;
SELECT is((SELECT subject_type FROM privacy.requests WHERE id = (SELECT id FROM r)), 'member',
          'the only registered subject type is recorded with the request');
SELECT privacy.register_subject('patient', 'public.patients', 'id');
SELECT privacy.verify_request((SELECT id FROM r), 'member card');
SELECT FROM privacy.request_export('1', 'member');  -- access is an export: its record first
SELECT tests.as_if_committed();
SELECT is(privacy.process_request((SELECT id FROM r))->>'subject_type', 'member',
          'so registering another type later does not strand it');

SELECT throws_ok($$ SELECT privacy.open_request('p1', 'erasure') $$, '22023',
                 'privacy.open_request: subject_type is required (registered: member, patient)',
                 'with several registered, an erasure must say which');
SELECT throws_ok($$ SELECT privacy.open_request('p1', 'access', 'hipaa', 'patinet') $$, '22023',
                 'privacy.open_request: unknown subject type ''patinet''', 'an unknown subject type is refused');
SELECT lives_ok($$ SELECT privacy.open_request('p1', 'access', 'hipaa', 'patient') $$, 'a named one is accepted');
SELECT is((SELECT subject_type FROM privacy.requests WHERE request_type = 'objection' AND subject_key = '1'), NULL,
          'types that act on purposes, not on data, keep no subject type');

SELECT * FROM finish();
ROLLBACK;
