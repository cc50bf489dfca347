BEGIN;
SELECT plan(3);

-- The access model is written by governance_admin; sync_native_roles runs its GRANTs with
-- the rights of whoever runs it (a DBA, often a superuser). A permission naming a system
-- catalog or a governance table must not become a GRANT: it would hand out password
-- hashes or let a role plant SQL that the pack runs with its owner's rights.
CREATE TABLE public."Sync Features" (id int);
SELECT access.create_role('sync_probe');
SELECT access.create_permission('read authid', 'pg_catalog.pg_authid', 'read');
SELECT access.create_permission('read shadow', 'pg_shadow', 'read');
SELECT access.create_permission('write policies', 'access.policies', 'write');
SELECT access.create_permission('all keys', 'governance.keys', '*');
SELECT access.create_permission('read columns', 'information_schema.columns', 'read');
SELECT access.create_permission('read features', 'public."Sync Features"', 'read');
SELECT access.grant_permission('sync_probe', p.name) FROM access.permissions p
 WHERE p.name IN ('read authid', 'read shadow', 'write policies', 'all keys', 'read columns', 'read features');

SELECT results_eq($$ SELECT s FROM access.sync_native_roles(dry_run => true) s WHERE s LIKE 'GRANT % ON %' ORDER BY 1 $$,
                  $$ VALUES ('GRANT SELECT ON public."Sync Features" TO sync_probe'),
                            ('GRANT USAGE ON SCHEMA public TO sync_probe') $$,
                  'only the application table becomes a GRANT');
SELECT lives_ok($$ SELECT access.sync_native_roles() $$, 'sync runs');
SELECT ok(NOT has_table_privilege('sync_probe', 'pg_catalog.pg_authid', 'SELECT')
          AND NOT has_table_privilege('sync_probe', 'access.policies', 'INSERT')
          AND NOT has_table_privilege('sync_probe', 'governance.keys', 'SELECT')
          AND has_table_privilege('sync_probe', 'public."Sync Features"', 'SELECT'),
          'the role holds the application grant and nothing on catalogs or governance tables');

SELECT * FROM finish();
ROLLBACK;
