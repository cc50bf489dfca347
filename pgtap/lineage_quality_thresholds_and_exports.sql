BEGIN;
SELECT plan(13);

CREATE TEMP TABLE ids AS
SELECT 'src' AS n, lineage.register_asset('test://x', 'orders', 'table') AS id
UNION ALL SELECT 'mid', lineage.register_asset('test://x', 'say "hi" \ <b>#1</b>', 'view')
UNION ALL SELECT 'out', lineage.register_asset('test://y', 'orders', 'dashboard');
CREATE FUNCTION pg_temp.id(text) RETURNS bigint LANGUAGE sql AS $$ SELECT id FROM ids WHERE n = $1 $$;
SELECT lineage.add_edge(pg_temp.id('src'), pg_temp.id('mid'), 'filter', NULL, 'etl');
SELECT lineage.add_edge(pg_temp.id('mid'), pg_temp.id('out'), 'copy', NULL, 'etl');

-- Quality: completeness is a floor, null_rate a ceiling.
SELECT lineage.set_quality_threshold(pg_temp.id('src'), 'completeness', 0.95, 0.90);
SELECT lineage.set_quality_threshold(pg_temp.id('src'), 'null_rate', 0.01, 0.05, 'max');
SELECT is(lineage.record_quality_metric(pg_temp.id('src'), 'completeness', 0.99), 'pass', 'above the floor passes');
SELECT is(lineage.record_quality_metric(pg_temp.id('src'), 'completeness', 0.92), 'warn', 'between fail and warn warns');
SELECT is(lineage.record_quality_metric(pg_temp.id('src'), 'null_rate', 0.2, 'ratio'), 'fail', 'above the ceiling fails');
SELECT is(lineage.record_quality_metric(pg_temp.id('src'), 'row_count', 1000), NULL, 'no threshold: no status');
SELECT results_eq($$ SELECT metric, value, status FROM lineage.latest_quality WHERE asset_id = pg_temp.id('src') ORDER BY metric $$,
                  $$ VALUES ('completeness', 0.92, 'warn'), ('null_rate', 0.2, 'fail'), ('row_count', 1000, NULL) $$,
                  'latest_quality keeps the latest measurement per metric');
SELECT is(lineage.asset_quality(pg_temp.id('src')), 'fail', 'the asset status is the worst latest one');
SELECT throws_ok($$ SELECT lineage.set_quality_threshold(pg_temp.id('src'), 'completeness', 0.9, 0.95) $$, '22023',
                 'lineage.set_quality_threshold: with direction min, fail_at (0.95) must be at most warn_at (0.9)');

-- Exports: hostile names are escaped.
SELECT is(lineage.graph(pg_temp.id('mid'), 1) -> 'nodes' -> 0 ->> 'depth', '-1', 'graph places upstream at negative depth');
SELECT ok(strpos(lineage.to_dot(pg_temp.id('mid')), 'label="say \"hi\" \\ <b>#1</b>\n(view)", style=filled') > 0,
          'DOT labels escape quotes and backslashes, the root is highlighted');
SELECT ok(lineage.to_dot(pg_temp.id('mid')) LIKE format('%%a%s -> a%s [label="filter"];%%', pg_temp.id('src'), pg_temp.id('mid')),
          'DOT edges carry the transformation');
SELECT ok(strpos(lineage.to_mermaid(pg_temp.id('mid')), format('a%s["say #quot;hi#quot; \ #lt;b#gt;#35;1#lt;/b#gt; (view)"]', pg_temp.id('mid'))) > 0,
          'Mermaid labels use entity codes for quotes, # and angle brackets');

SELECT is(lineage.find_asset('test://y/orders'), pg_temp.id('out'), 'find_asset by namespace/name');
SELECT throws_ok($$ SELECT lineage.find_asset('orders') $$, '22023', NULL, 'an ambiguous name is refused');

SELECT * FROM finish();
ROLLBACK;
