BEGIN;
SELECT plan(14);

-- a -> b -> c -> d, a -> c (shortcut), d -> b (cycle), e isolated.
CREATE TEMP TABLE ids AS
SELECT n, lineage.register_asset('test://ns', n, 'table') AS id FROM unnest(ARRAY['a', 'b', 'c', 'd', 'e']) n;
CREATE FUNCTION pg_temp.id(text) RETURNS bigint LANGUAGE sql AS $$ SELECT id FROM ids WHERE n = $1 $$;

SELECT lineage.add_edge(pg_temp.id('a'), pg_temp.id('b'), 'copy', NULL, 'etl');
SELECT lineage.add_edge(pg_temp.id('b'), pg_temp.id('c'), 'aggregate', '{"sql": "select ..."}', 'etl');
SELECT lineage.add_edge(pg_temp.id('c'), pg_temp.id('d'), 'join', NULL, 'etl');
SELECT lineage.add_edge(pg_temp.id('a'), pg_temp.id('c'), 'join', NULL, 'etl');
SELECT lineage.add_edge(pg_temp.id('d'), pg_temp.id('b'), 'feedback', NULL, 'etl');

SELECT results_eq(
    $$ SELECT name, depth FROM lineage.downstream(pg_temp.id('a'), 10) $$,
    $$ VALUES ('b', 1), ('c', 1), ('d', 2) $$,
    'downstream: each asset once at its shortest depth, terminating on the b->c->d->b cycle');
SELECT results_eq(
    $$ SELECT name, depth FROM lineage.upstream(pg_temp.id('b'), 10) $$,
    $$ VALUES ('a', 1), ('d', 1), ('c', 2) $$,
    'upstream through the cycle, b itself not repeated');
SELECT results_eq(
    $$ SELECT name, depth FROM lineage.downstream(pg_temp.id('b'), 1) $$,
    $$ VALUES ('c', 1) $$, 'max_depth is respected');
SELECT is_empty($$ SELECT * FROM lineage.downstream(pg_temp.id('a'), 0) $$, 'depth 0 returns nothing');
SELECT is_empty($$ SELECT * FROM lineage.upstream(pg_temp.id('e')) $$, 'an isolated asset has no lineage');
SELECT is((SELECT count(*)::int FROM lineage.downstream(pg_temp.id('b'), NULL)), 2,
          'max_depth NULL walks the whole closure of a cycle (c, d) and stops');

SELECT results_eq(
    $$ SELECT step, name, transformation_type FROM lineage.path(pg_temp.id('a'), pg_temp.id('d')) $$,
    $$ VALUES (0, 'a', NULL::text), (1, 'c', 'join'), (2, 'd', 'join') $$,
    'path takes the shortcut a -> c -> d');
SELECT is_empty($$ SELECT * FROM lineage.path(pg_temp.id('d'), pg_temp.id('a')) $$, 'no path against the edges');
SELECT is_empty($$ SELECT * FROM lineage.path(pg_temp.id('a'), pg_temp.id('d'), 1) $$, 'path respects max_depth');

SELECT results_eq(
    $$ SELECT name, depth, (SELECT n FROM ids WHERE id = reached_from), transformation_type
         FROM lineage.impact(pg_temp.id('c')) $$,
    $$ VALUES ('d', 1, 'c', 'join'), ('b', 2, 'd', 'feedback') $$,
    'impact lists everything downstream with the edge it is reached through');

SELECT throws_ok($$ SELECT * FROM lineage.upstream(-1) $$, 'P0002', 'lineage.upstream: no asset with id -1');
SELECT throws_ok($$ SELECT * FROM lineage.downstream(pg_temp.id('a'), -1) $$, '22023',
                 'lineage.downstream: max_depth must be 0 or more, not -1');
SELECT throws_ok($$ SELECT * FROM lineage.path(pg_temp.id('a'), NULL) $$, '22004', 'lineage.path: the asset id is required');

-- Owners come along in impact
SELECT lineage.describe_asset(pg_temp.id('d'), owner => 'ml_engineering');
SELECT is((SELECT owner FROM lineage.impact(pg_temp.id('c')) WHERE name = 'd'), 'ml_engineering', 'impact carries owners');

SELECT * FROM finish();
ROLLBACK;
