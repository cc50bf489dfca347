BEGIN;
SELECT plan(18);

CREATE TEMP TABLE ids AS
SELECT 'raw' AS n, lineage.register_asset('warehouse', 'events', 'table') AS id
UNION ALL SELECT 'train', lineage.register_asset('warehouse', 'training_data', 'table')
UNION ALL SELECT 'other', lineage.register_asset('warehouse', 'unrelated', 'table');
CREATE FUNCTION pg_temp.id(text) RETURNS bigint LANGUAGE sql AS $$ SELECT id FROM ids WHERE n = $1 $$;
SELECT lineage.add_edge(pg_temp.id('raw'), pg_temp.id('train'), 'filter', NULL, 'etl');

SELECT is(lineage.register_model('churn', 'XGBoost', 'ml_team'), lineage.register_model('churn'),
          'register_model is idempotent by name');
SELECT is(lineage.register_model_version('churn', '2.0'), lineage.register_model_version('churn', '2.0'),
          'register_model_version is idempotent');
CREATE TEMP TABLE mv AS SELECT lineage.register_model_version('churn', '2.0') AS v1,
                               lineage.register_model_version('churn', '2.1') AS v2;
SELECT lineage.log_training_run((SELECT v1 FROM mv), pg_temp.id('train'), '{"eta": 0.1}', '{"auc": 0.8}', 'snap-1', 'git:abc', 'prod');
SELECT lineage.log_training_run((SELECT v2 FROM mv), pg_temp.id('train'), '{"eta": 0.2}', '{"auc": 0.85}', 'snap-2');
CREATE TEMP TABLE dep AS SELECT lineage.deploy_model((SELECT v2 FROM mv), 'production', 'https://api/churn') AS id;
GRANT SELECT ON dep TO governance_app;  -- the application retires it below

SELECT is((SELECT count(*)::int FROM lineage.edges e JOIN lineage.models m ON m.asset_id = e.target_id
            WHERE m.name = 'churn' AND e.transformation_type = 'training'), 1,
          'two training runs on one dataset make one dataset -> model edge');
SELECT results_eq($$ SELECT name, depth FROM lineage.downstream(pg_temp.id('raw')) $$,
                  $$ VALUES ('training_data', 1), ('churn', 2) $$, 'the model is downstream of the source table');
SELECT results_eq($$ SELECT model, version, depth FROM lineage.trained_on(pg_temp.id('raw')) $$,
                  $$ VALUES ('churn', '2.0', 1), ('churn', '2.1', 1) $$,
                  'trained_on finds the versions trained on data derived from a table');

SELECT lineage.log_prediction((SELECT v2 FROM mv), 'sha256:aa', '{"churn": 0.7}', 'customer-42', (SELECT id FROM dep));
SELECT lineage.log_prediction((SELECT v1 FROM mv), 'sha256:bb', '{"churn": 0.1}', 'customer-42');
SELECT lineage.log_prediction((SELECT v1 FROM mv), 'sha256:cc', '{"churn": 0.3}', 'customer-7');
SELECT lineage.log_prediction((SELECT v1 FROM mv), 'sha256:dd', '{"churn": 0.3}');

SELECT is(lineage.subject_impact('customer-42') -> 'predictions', '2'::jsonb, 'subject_impact counts the subject''s predictions');
SELECT results_eq(
    $$ SELECT x ->> 'model', x ->> 'version', (x ->> 'predictions')::int, x -> 'deployments'
         FROM jsonb_array_elements(lineage.subject_impact('customer-42') -> 'model_versions') x $$,
    $$ VALUES ('churn', '2.0', 1, '[]'::jsonb), ('churn', '2.1', 1, jsonb_build_array((SELECT id FROM dep))) $$,
    'subject_impact groups them by model version with deployments');
SELECT is(lineage.subject_impact($$x' OR '1'='1$$), '{"predictions": 0, "prediction_ids": [], "model_versions": []}'::jsonb,
          'an unknown (or hostile) key concerns nothing');
SELECT results_eq(
    $$ SELECT x ->> 'model', x ->> 'version', x -> 'output', x ? 'input_hash'
         FROM jsonb_array_elements(lineage.subject_predictions('customer-42')) x ORDER BY x ->> 'version' $$,
    $$ VALUES ('churn', '2.0', '{"churn": 0.1}'::jsonb, false), ('churn', '2.1', '{"churn": 0.7}'::jsonb, false) $$,
    'subject_predictions lists the decisions about the subject for its export, without the input hash');
SELECT is(lineage.subject_predictions($$x' OR '1'='1$$), '[]'::jsonb, 'a hostile key matches no prediction');
SELECT throws_ok($$ SELECT lineage.subject_predictions('') $$, '22004', 'lineage.subject_predictions: a subject key is required');

SELECT results_eq(
    $$ SELECT name, depth FROM lineage.prediction_lineage((SELECT max(id) FROM lineage.predictions)) $$,
    $$ VALUES ('training_data', 1), ('events', 2) $$, 'prediction_lineage: the training data and where it came from');

SELECT is(lineage.model_lineage((SELECT v1 FROM mv)) #>> '{training_runs,0,dataset_upstream,0,name}', 'events',
          'model_lineage includes where the training data came from');
SELECT throws_ok($$ SELECT lineage.log_prediction((SELECT v1 FROM mv), 'h', NULL, NULL, (SELECT id FROM dep)) $$,
                 '22023', format('lineage.log_prediction: deployment %s is not a deployment of model version %s',
                                 (SELECT id FROM dep), (SELECT v1 FROM mv)));
SET LOCAL ROLE governance_app;
SELECT is(lineage.retire_deployment((SELECT id FROM dep)), true, 'retire_deployment retires an active deployment');
SELECT is(lineage.retire_deployment((SELECT id FROM dep)), false, 'and says so when it was retired already');
RESET ROLE;
SELECT isnt((SELECT retired_at FROM lineage.deployments WHERE id = (SELECT id FROM dep)), NULL, 'the deployment has its retirement time');
SELECT throws_ok($$ SELECT lineage.register_model_version('nope', '1') $$, 'P0002',
                 'lineage.register_model_version: no model named ''nope''');

SELECT * FROM finish();
ROLLBACK;
