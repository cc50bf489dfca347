BEGIN;
SELECT plan(18);

SELECT access.create_role('viewer', 'reads reports');
SELECT access.create_role('analyst', NULL, ARRAY['viewer']);
SELECT access.create_role('Lead "Analyst"', 'quote and space in the name', ARRAY['analyst']);
SELECT access.create_permission('reports.read', 'report', 'read');
SELECT access.create_permission('reports.export', 'report', 'export');
SELECT access.grant_permission('viewer', 'reports.read');
SELECT access.assign_role('carol', 'Lead "Analyst"');
SELECT access.assign_role('vic', 'viewer');

SELECT ok(access.check_permission('carol', 'report', 'read'), 'a permission of the grandparent role is honoured');
SELECT ok(NOT access.check_permission('carol', 'report', 'export'), 'an ungranted permission is denied');
SELECT ok(NOT access.check_permission('nobody', 'report', 'read'), 'a user without roles is denied');
SELECT ok(NOT access.check_permission('carol', 'report'' OR true --', 'read'), 'hostile values are just values');
SELECT set_eq($$ SELECT role FROM access.effective_roles('carol') $$,
              ARRAY['Lead "Analyst"', 'analyst', 'viewer'], 'effective roles include every ancestor');

SELECT ok(access.revoke_permission('viewer', 'reports.read'), 'revoke_permission reports a removal');
SELECT ok(NOT access.check_permission('carol', 'report', 'read'), 'removing the grandparent''s permission revokes it');
SELECT ok(NOT access.check_permission('vic', 'report', 'read'), '... for direct holders too');

SELECT access.grant_permission('analyst', 'reports.export');
SELECT access.create_role('analyst', 'redefined without parents');
SELECT ok(access.check_permission('carol', 'report', 'export'), 'the parent''s own permission still applies');
SELECT ok(NOT ('viewer' IN (SELECT role FROM access.effective_roles('carol'))), 'redefining inherits drops the old parent');

SELECT access.create_permission('everything', '*', '*');
SELECT access.create_role('admin');
SELECT access.grant_permission('admin', 'everything');
SELECT access.assign_role('root', 'admin');
SELECT ok(access.check_permission('root', 'anything', 'at all'), 'a wildcard permission matches any resource type and action');
SELECT ok(access.revoke_role('root', 'admin') AND NOT access.check_permission('root', 'anything', 'at all'),
          'revoke_role takes the role away');

SELECT access.create_role('analyst', NULL, ARRAY['viewer']);
SELECT throws_ok($$ SELECT access.create_role('analyst', NULL, ARRAY['Lead "Analyst"']) $$, '22023', NULL,
                 'a child cannot become its parent''s parent');
SELECT throws_ok($$ SELECT access.create_role('viewer', NULL, ARRAY['Lead "Analyst"']) $$, '22023',
                 'access.create_role: inheriting from Lead "Analyst" would make role ''viewer'' its own ancestor',
                 'a cycle through the hierarchy is refused, naming the role');
SELECT throws_ok($$ SELECT access.create_role('x', NULL, ARRAY['x']) $$, '22023', NULL, 'self-inheritance is refused');
SELECT throws_ok($$ SELECT access.create_role('x', NULL, ARRAY['ghost']) $$, 'P0002',
                 'access.create_role: parent role ''ghost'' does not exist');
SELECT throws_ok($$ SELECT access.assign_role('carol', 'ghost') $$, 'P0002',
                 'access.assign_role: role ''ghost'' does not exist');
SELECT throws_ok($$ SELECT access.create_permission('dup', 'report', 'read') $$, '23505', NULL,
                 'one permission per (resource_type, action)');

SELECT * FROM finish();
ROLLBACK;
