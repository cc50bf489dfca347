BEGIN;
SELECT plan(6);

CREATE TABLE public.things (id int PRIMARY KEY, secret text);
CREATE VIEW public.things_view AS SELECT * FROM public.things;

SELECT throws_ok($$ SELECT audit.enable(NULL) $$, '22004', 'audit.enable: table is required');
SELECT throws_ok($$ SELECT audit.enable('public.things_view') $$, '42809', 'audit.enable: public.things_view is not a table');
SELECT throws_ok($$ SELECT audit.enable('audit.events') $$, '22023', 'audit.enable: audit.events is a governance table');
SELECT throws_ok($$ SELECT audit.enable('public.things', ARRAY['nope', 'with space']::name[]) $$, '42703',
                 'audit.enable: table public.things has no column nope, "with space"');
SELECT is((SELECT count(*)::int FROM pg_trigger WHERE tgrelid = 'public.things'::regclass), 0, 'and nothing was attached');
SELECT throws_ok($$ SELECT audit.refresh('public.things') $$, 'P0002', 'audit.refresh: table public.things is not audited');

SELECT * FROM finish();
ROLLBACK;
