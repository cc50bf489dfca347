BEGIN;
SELECT plan(11);

SELECT has_schema('lineage');
SELECT has_table('lineage', 'assets', 'lineage.assets as documented');
SELECT has_table('lineage', 'edges', 'lineage.edges as documented');
SELECT has_function('lineage', 'register_asset', ARRAY['text', 'text', 'text']);
SELECT has_function('lineage', 'add_edge', ARRAY['bigint', 'bigint', 'text', 'jsonb', 'text']);
SELECT has_function('lineage', 'ingest_openlineage', ARRAY['jsonb']);
SELECT has_function('lineage', 'subject_impact', ARRAY['text']);

SELECT tests.create_user('pipeline', 'governance_app');
SELECT tests.create_user('reviewer', 'governance_auditor');

SELECT tests.authenticate_as('pipeline', 'airflow@example.com');
SELECT is(governance.current_actor(), 'airflow@example.com');
SELECT lineage.add_edge(lineage.register_asset('s3://b', 'in', 'file'), lineage.register_asset('s3://b', 'out', 'file'),
                        'copy', NULL, NULL);
SELECT throws_ok($$ SELECT count(*) FROM lineage.predictions $$, '42501', NULL,
                 'the application role cannot read predictions (they carry subject keys)');
RESET ROLE;
SELECT is((SELECT e.created_by FROM lineage.edges e JOIN lineage.assets a ON a.id = e.target_id WHERE a.name = 'out'),
          'airflow@example.com', 'created_by defaults to the session actor');

SELECT tests.authenticate_as('reviewer', 'auditor@example.com');
SELECT throws_ok($$ SELECT lineage.register_asset('x', 'y', 'table') $$, '42501', NULL,
                 'an auditor reads lineage but cannot write it');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
