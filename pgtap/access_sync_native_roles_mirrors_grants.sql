BEGIN;
SELECT plan(10);

CREATE TABLE public.features (id int);
CREATE TABLE public."Model Scores" (id int);
CREATE ROLE acc_sync_dana LOGIN;
SELECT access.create_role('acc_sync_analyst');
SELECT access.create_role('acc sync "engineer"', NULL, ARRAY['acc_sync_analyst']);
SELECT access.create_permission('read features', 'public.features', 'read');
SELECT access.create_permission('write scores', 'public."Model Scores"', 'write');
SELECT access.create_permission('export reports', 'report', 'export');
SELECT access.grant_permission('acc_sync_analyst', 'read features');
SELECT access.grant_permission('acc sync "engineer"', 'write scores');
SELECT access.grant_permission('acc_sync_analyst', 'export reports');
SELECT access.assign_role('acc_sync_dana', 'acc sync "engineer"');

SELECT is((SELECT count(*)::int FROM access.sync_native_roles(dry_run => true)), 12, 'the dry run lists every statement');
SELECT hasnt_role('acc_sync_analyst', 'the dry run changed nothing');

SELECT results_eq($$ SELECT * FROM access.sync_native_roles() $$, $$ VALUES
    ('CREATE ROLE "acc sync ""engineer""" NOLOGIN'), ('CREATE ROLE acc_sync_analyst NOLOGIN'),
    ('COMMENT ON ROLE "acc sync ""engineer""" IS ''pg-governance: mirrors access role'''),
    ('COMMENT ON ROLE acc_sync_analyst IS ''pg-governance: mirrors access role'''),
    ('GRANT acc_sync_analyst TO "acc sync ""engineer"""'),
    ('GRANT USAGE ON SCHEMA public TO "acc sync ""engineer"""'), ('GRANT USAGE ON SCHEMA public TO acc_sync_analyst'),
    ('GRANT DELETE ON public."Model Scores" TO "acc sync ""engineer"""'), ('GRANT INSERT ON public."Model Scores" TO "acc sync ""engineer"""'),
    ('GRANT UPDATE ON public."Model Scores" TO "acc sync ""engineer"""'), ('GRANT SELECT ON public.features TO acc_sync_analyst'),
    ('GRANT "acc sync ""engineer""" TO acc_sync_dana') $$,
    'sync creates roles, the hierarchy, the grants and the assignment, quoting every name');
SELECT ok(has_table_privilege('acc_sync_dana', 'public.features', 'SELECT'), 'the user inherits the grandparent''s table privilege');
SELECT ok(NOT has_table_privilege('acc_sync_dana', 'public.features', 'INSERT'), '... and nothing more');
SELECT is_empty($$ SELECT * FROM access.sync_native_roles(true) $$, 'a second sync has nothing to do');

SELECT access.revoke_permission('acc_sync_analyst', 'read features');
SELECT results_eq($$ SELECT * FROM access.sync_native_roles() $$, $$ VALUES ('REVOKE SELECT ON public.features FROM acc_sync_analyst') $$,
                  'a permission removed from the model is revoked');
SELECT ok(NOT has_table_privilege('acc_sync_dana', 'public.features', 'SELECT'), 'the database enforces the revocation');

-- A role with the same name that sync did not create is left alone.
SELECT access.create_role('acc_sync_dana');
SELECT access.grant_permission('acc_sync_dana', 'write scores');
SELECT ok(NOT EXISTS (SELECT FROM access.sync_native_roles(true) s WHERE s LIKE '%TO acc_sync_dana' AND s LIKE 'GRANT INSERT%'),
          'a database role sync did not create gets no grants');

-- The CLI's sync-roles runs it as a governance_admin, not as the owner.
CREATE ROLE acc_sync_admin CREATEROLE IN ROLE governance_admin;
SET LOCAL ROLE acc_sync_admin;
SELECT lives_ok($$ SELECT * FROM access.sync_native_roles(dry_run => true) $$,
                'a governance_admin who is not the owner can run it');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
