BEGIN;
SELECT plan(12);

-- A classified source table with awkward names, two derived assets, a model.
CREATE TABLE public."Raw Users" ("E-mail" text, "quote""d" text, diagnosis text, country text);
SELECT governance.classify('public."Raw Users"', 'E-mail', 'contact');
SELECT governance.classify('public."Raw Users"', 'diagnosis', 'health', 'restricted');

CREATE TEMP TABLE ids AS
SELECT 'raw' AS n, lineage.register_table('public."Raw Users"') AS id
UNION ALL SELECT 'features', lineage.register_asset('feature_store', 'user_features', 'feature_set')
UNION ALL SELECT 'stats', lineage.register_asset('warehouse', 'country_stats', 'table')
UNION ALL SELECT 'model', lineage.register_asset('ml', 'churn', 'model')
UNION ALL SELECT 'dash', lineage.register_asset('bi', 'board', 'dashboard');
CREATE FUNCTION pg_temp.id(text) RETURNS bigint LANGUAGE sql AS $$ SELECT id FROM ids WHERE n = $1 $$;

SELECT is((SELECT name FROM lineage.assets WHERE id = pg_temp.id('raw')),
          (current_database() || '.public.Raw Users') COLLATE "default", 'register_table names the asset {database}.{schema}.{table}');

-- raw -> features: e-mail hashed (pseudonymised, not anonymous), diagnosis masked.
SELECT lineage.add_edge(pg_temp.id('raw'), pg_temp.id('features'), 'feature_engineering',
    '{"column_mappings": [{"source": "E-mail", "target": "email_hash", "transformation": "hash"},
                          {"source": "diagnosis", "target": "risk", "transformation": "masking"},
                          {"source": "quote\"d", "target": "q", "transformation": "identity"}]}', 'pipeline');
-- features -> model: column lineage again (second hop).
SELECT lineage.add_edge(pg_temp.id('features'), pg_temp.id('model'), 'training',
    '{"column_mappings": [{"source": "email_hash", "target": "input_1"}, {"source": "risk", "target": "input_2"}]}', 'pipeline');
-- raw -> stats: anonymizing aggregation; stats -> dashboard: plain copy.
SELECT lineage.add_edge(pg_temp.id('raw'), pg_temp.id('stats'), 'aggregate_anonymized', NULL, 'pipeline');
SELECT lineage.add_edge(pg_temp.id('stats'), pg_temp.id('dash'), 'copy', NULL, 'pipeline');
-- A cycle: the model's scores are fed back into the feature set.
SELECT lineage.add_edge(pg_temp.id('model'), pg_temp.id('features'), 'scoring',
    '{"column_mappings": [{"source": "score", "target": "churn_score"}]}', 'pipeline');

SELECT results_eq(
    $$ SELECT name, column_name, depth, transformation FROM lineage.column_upstream(pg_temp.id('model'), 'input_1') $$,
    $$ VALUES ('user_features', 'email_hash', 1, 'identity'), ((current_database() || '.public.Raw Users') COLLATE "default", 'E-mail', 2, 'hash') $$,
    'column lineage through two hops, with the transformation of each hop');
SELECT results_eq(
    $$ SELECT name, column_name, depth FROM lineage.column_downstream(pg_temp.id('raw'), 'quote"d') $$,
    $$ VALUES ('user_features', 'q', 1) $$, 'column downstream from a column with a quote in its name');
SELECT is_empty($$ SELECT * FROM lineage.column_upstream(pg_temp.id('model'), 'input_1', 1) WHERE depth > 1 $$,
                'column lineage respects max_depth');

SELECT results_eq(
    $$ SELECT column_name, category, source_table, source_column FROM lineage.inherited_classes(pg_temp.id('features')) $$,
    $$ VALUES ('email_hash', 'contact', 'public."Raw Users"', 'E-mail') $$,
    'the hashed e-mail carries the contact class; the masked diagnosis does not');
SELECT results_eq(
    $$ SELECT column_name, category, source_column FROM lineage.inherited_classes(pg_temp.id('model')) $$,
    $$ VALUES ('input_1', 'contact', 'E-mail') $$,
    'the model inherits through two hops and the feedback cycle terminates');
SELECT is_empty($$ SELECT * FROM lineage.inherited_classes(pg_temp.id('dash')) $$,
                'an anonymizing edge stops propagation for everything downstream of it');

-- An edge without column mappings passes every class (the conservative assumption).
SELECT lineage.add_edge(pg_temp.id('raw'), pg_temp.id('dash'), 'export', NULL, 'pipeline');
SELECT results_eq(
    $$ SELECT column_name, category, source_column FROM lineage.inherited_classes(pg_temp.id('dash')) $$,
    $$ VALUES (NULL::text, 'contact', 'E-mail'), (NULL, 'health', 'diagnosis') $$,
    'without column mappings every classified column flows, at asset level');

-- Versioning: replacing the edge's mappings keeps the old version for as-of queries.
SELECT is(lineage.add_edge(pg_temp.id('stats'), pg_temp.id('dash'), 'copy', NULL, 'pipeline'),
          (SELECT id FROM lineage.edges WHERE source_id = pg_temp.id('stats') AND target_id = pg_temp.id('dash')),
          'add_edge is idempotent: the same edge again returns the same id');
SELECT lineage.add_edge(pg_temp.id('stats'), pg_temp.id('dash'), 'copy', '{"sql": "v2"}', 'pipeline');
SELECT is((SELECT count(*)::int FROM lineage.edges WHERE source_id = pg_temp.id('stats') AND target_id = pg_temp.id('dash')),
          2, 'changed details make a new edge version, the old one is kept');

SELECT throws_ok($$ SELECT lineage.add_edge(pg_temp.id('raw'), pg_temp.id('stats'), 'x',
                       '{"column_mappings": [{"source": "a"}]}', 'p') $$,
                 '22023', 'lineage.add_edge: details $.column_mappings[0].target must be a non-empty string');
SELECT throws_ok($$ SELECT lineage.add_edge(pg_temp.id('raw'), pg_temp.id('stats'), '''; DROP TABLE lineage.assets; --', NULL, 'p') $$,
                 '22023', NULL, 'a hostile transformation type is rejected');

SELECT * FROM finish();
ROLLBACK;
