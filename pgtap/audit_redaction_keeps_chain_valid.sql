BEGIN;
SELECT plan(9);

CREATE TABLE public.customers (id int PRIMARY KEY, email text, city text);
SELECT audit.enable('public.customers');
INSERT INTO public.customers VALUES (42, 'ann@example.com', 'Oslo'), (43, 'bob@example.com', 'Rome'), (44, 'cy@example.com', 'Nice');
UPDATE public.customers SET city = 'Bergen' WHERE id = 42;
DELETE FROM public.customers WHERE id = 42;
SELECT audit.seal();  -- the history to redact is sealed (see audit_chain_detects_tampering)

SELECT is(audit.redact('public.customers', '{"id": 42}', 'GDPR Art. 17, request 7'), 3::bigint,
          'the three changes of row 42 are redacted');
SELECT is_empty($$ SELECT id FROM audit.changes WHERE table_name = 'public.customers'
                     AND (coalesce(old_values::text, '') || coalesce(new_values::text, '')) ~ '(ann@example.com|Oslo|Bergen)' $$,
                'none of its values remain');
SELECT is((SELECT new_values FROM audit.changes WHERE table_name = 'public.customers' AND op = 'INSERT' AND row_key = '{"id": 42}'),
          '{"id": null, "email": null, "city": null}'::jsonb, 'the columns stay, their values are blanked');
SELECT is((SELECT new_values ->> 'email' FROM audit.changes WHERE table_name = 'public.customers' AND row_key = '{"id": 43}'),
          'bob@example.com', 'other rows are untouched');
SELECT is_empty($$ SELECT * FROM audit.verify_chain() $$, 'the chain still verifies');
SELECT is((SELECT details FROM audit.events WHERE event_type = 'audit.redaction' ORDER BY id DESC LIMIT 1),
          '{"reason": "GDPR Art. 17, request 7", "row_keys": 1, "changes_redacted": 3}'::jsonb,
          'the redaction is itself recorded, with its reason');

SELECT is(audit.redact('public.customers', '[{"id": 43}, {"id": 44}, {"id": 42}]', 'request 8'), 2::bigint,
          'an array of keys redacts many rows at once; what was redacted stays so');
SELECT throws_ok($$ SELECT audit.redact('public.customers', '{"id": 43}', ' ') $$, '22023', 'audit.redact: a reason is required');

CREATE TABLE public.visits (id int, day date, note text, PRIMARY KEY (id, day)) PARTITION BY RANGE (day);
CREATE TABLE public.visits_2026 PARTITION OF public.visits FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
SELECT audit.enable('public.visits');
INSERT INTO public.visits VALUES (1, '2026-03-01', 'private note');
SELECT is(audit.redact('public.visits_2026', '{"id": 1, "day": "2026-03-01"}', 'request 9'), 1::bigint,
          'a partition given to redact stands for its partitioned table, whose name the trail records');

SELECT * FROM finish();
ROLLBACK;
