BEGIN;
SELECT plan(5);

CREATE TABLE public."Orders By Month" (id int, placed date, amount int, PRIMARY KEY (id, placed)) PARTITION BY RANGE (placed);
CREATE TABLE public.orders_jan PARTITION OF public."Orders By Month" FOR VALUES FROM ('2026-01-01') TO ('2026-02-01');
CREATE TABLE public.orders_feb PARTITION OF public."Orders By Month" FOR VALUES FROM ('2026-02-01') TO ('2026-03-01');
SELECT audit.enable('public."Orders By Month"');

INSERT INTO public."Orders By Month" VALUES (1, '2026-01-10', 5), (2, '2026-02-10', 7);
INSERT INTO public.orders_feb VALUES (3, '2026-02-11', 9);                       -- straight into a partition
UPDATE public."Orders By Month" SET placed = '2026-02-15' WHERE id = 1;          -- moves to another partition
DELETE FROM public.orders_jan;

SELECT results_eq(
    $$ SELECT op, row_key, changed_columns FROM audit.changes WHERE table_name = 'public."Orders By Month"' ORDER BY id $$,
    $$ VALUES ('INSERT', '{"id": 1, "placed": "2026-01-10"}'::jsonb, NULL::text[]),
              ('INSERT', '{"id": 2, "placed": "2026-02-10"}', NULL),
              ('INSERT', '{"id": 3, "placed": "2026-02-11"}', NULL),
              ('UPDATE', '{"id": 1, "placed": "2026-01-10"}', '{placed}') $$,
    'rows of every partition are captured, named by the partitioned table, once each');
SELECT is_empty($$ SELECT FROM audit.changes WHERE table_name LIKE '%orders\_%' $$, 'never under a partition''s name');

SELECT throws_ok($$ SELECT audit.enable('public.orders_jan') $$, '22023',
                 'audit.enable: public.orders_jan is a partition', 'a partition alone cannot be enabled');

CREATE TABLE public.orders_mar PARTITION OF public."Orders By Month" FOR VALUES FROM ('2026-03-01') TO ('2026-04-01');
SELECT audit.refresh('public."Orders By Month"');
INSERT INTO public.orders_mar VALUES (4, '2026-03-01', 1);
SELECT is((SELECT count(*)::int FROM audit.changes WHERE table_name = 'public."Orders By Month"' AND row_key ->> 'id' = '4'),
          1, 'after audit.refresh, writes straight into a new partition are captured too');

TRUNCATE public."Orders By Month";
SELECT results_eq(
    $$ SELECT row_key FROM audit.changes WHERE table_name = 'public."Orders By Month"' AND op = 'TRUNCATE' ORDER BY row_key::text $$,
    $$ VALUES ('{"partition": "public.orders_feb"}'::jsonb), ('{"partition": "public.orders_jan"}'), ('{"partition": "public.orders_mar"}') $$,
    'TRUNCATE of a partitioned table is one row per emptied partition, under the table''s name');

SELECT * FROM finish();
ROLLBACK;
