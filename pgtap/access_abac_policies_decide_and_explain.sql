BEGIN;
SELECT plan(19);

-- The seed tutorial's example, as written there (no effect: allow).
SELECT access.create_policy('high_sensitivity_access', $${
    "name": "High Sensitivity Data Access",
    "description": "Allow access to high sensitivity data for high clearance users in same region",
    "actions": ["read", "write"],
    "conditions": [
        {"attribute": "user.clearance_level", "operator": "==", "value": "high"},
        {"attribute": "user.location", "operator": "==", "value": "us-west"},
        {"attribute": "resource.sensitivity", "operator": "==", "value": "high"},
        {"attribute": "resource.region", "operator": "==", "value": "us-west"}
    ]}$$);
SELECT access.set_user_attribute('alice', 'department', '"data_science"');
SELECT access.set_user_attribute('alice', 'clearance_level', '"high"');
SELECT access.set_user_attribute('alice', 'location', '"us-west"');
SELECT access.set_user_attribute('bob', 'clearance_level', '"low"');
SELECT access.set_user_attribute('bob', 'location', '"us-west"');
SELECT access.set_resource_attribute('training_data', 'database_table', 'sensitivity', '"high"');
SELECT access.set_resource_attribute('training_data', 'database_table', 'region', '"us-west"');

SELECT ok(access.evaluate('alice', 'training_data', 'read'), 'the seed example: alice may read the training data');
SELECT ok(access.evaluate('alice', 'training_data', 'write'), '... and write it');
SELECT ok(NOT access.evaluate('alice', 'training_data', 'delete'), 'an action no policy names is denied (default deny)');
SELECT ok(NOT access.evaluate('bob', 'training_data', 'read'), 'low clearance is denied');
SELECT ok(NOT access.evaluate('nobody', 'training_data', 'read'), 'an unknown user is denied');
SELECT ok(NOT access.evaluate('alice', 'no such resource', 'read'), 'an unknown resource is denied');

SELECT is(access.explain('alice', 'training_data', 'read') ->> 'deciding_policy', 'high_sensitivity_access',
          'explain names the deciding allow policy');

-- Deny overrides allow.
SELECT access.create_policy('contractors never write', $${"effect": "deny", "actions": ["write", "delete"],
    "conditions": [{"attribute": "user.department", "operator": "in", "value": ["contractors", "data_science"]}]}$$);
SELECT ok(NOT access.evaluate('alice', 'training_data', 'write'), 'a matching deny policy beats a matching allow');
SELECT ok(access.evaluate('alice', 'training_data', 'read'), 'the deny policy does not touch other actions');
SELECT is(access.explain('alice', 'training_data', 'write') - ARRAY['user', 'resource', 'environment', 'policies', 'action'],
          '{"decision": false, "deciding_policy": "contractors never write",
            "reason": "deny policy contractors never write matched (deny overrides allow)"}'::jsonb,
          'explain names the deciding deny policy');
SELECT is(jsonb_path_query_array(access.explain('bob', 'training_data', 'read'),
                                 '$.policies[*] ? (@.policy == "high_sensitivity_access").conditions[*].holds'),
          '[false, true, true, true]'::jsonb, 'explain gives each condition''s result');
SELECT is(access.explain('bob', 'training_data', 'read') ->> 'reason', 'no allow policy matched (default deny)');

-- User attribute against resource attribute, groups, resource types, environment.
SELECT access.set_user_attribute('carol', 'region', '"eu"');
SELECT access.set_user_attribute('carol', 'level', '3');
SELECT access.set_resource_attribute('report-1', 'report', 'region', '"eu"');
SELECT access.set_resource_attribute('report-1', 'report', 'min_level', '2');
SELECT access.set_resource_attribute('report-2', 'report', 'region', '"us"');
SELECT governance.set_context('carol', tenant => 'acme');
SELECT access.create_policy('same region, enough level', $${"actions": ["view"], "resource_types": ["report"],
    "conditions": [{"attribute": "user.region", "operator": "==", "value_of": "resource.region"},
                   {"any": [{"attribute": "user.level", "operator": ">=", "value_of": "resource.min_level"},
                            {"attribute": "user.role", "operator": "==", "value": "auditor"}]},
                   {"attribute": "env.tenant", "operator": "==", "value": "acme"},
                   {"attribute": "env.hour", "operator": "<=", "value": 23},
                   {"not": {"attribute": "env.client_addr", "operator": "in_cidr", "value": ["203.0.113.0/24"]}}]}$$);
SELECT ok(access.evaluate('carol', 'report-1', 'view'), 'user.region == resource.region and level >= min_level');
SELECT ok(NOT access.evaluate('carol', 'report-2', 'view'), 'another region is denied');
SELECT access.set_resource_attribute('report-1', 'report', 'min_level', '"2"');
SELECT ok(NOT access.evaluate('carol', 'report-1', 'view'), 'comparisons are typed: a number is not >= a string');
SELECT governance.set_context('carol', tenant => 'other');
SELECT access.set_resource_attribute('report-1', 'report', 'min_level', '2');
SELECT ok(NOT access.evaluate('carol', 'report-1', 'view'), 'environment attributes count: another tenant is denied');

SELECT access.create_policy('everyone may peek', '{"actions": ["peek"]}');
SELECT ok(access.evaluate('anyone', 'report-2', 'peek'), 'a policy without conditions allows everyone');
SELECT ok(NOT access.evaluate(NULL, 'report-2', 'peek') AND NOT access.evaluate('anyone', NULL, 'peek')
          AND NOT access.evaluate('anyone', 'report-2', NULL), 'NULL arguments are denied, whatever the policies');
SELECT ok(access.drop_policy('same region, enough level') AND NOT access.drop_policy('same region, enough level'),
          'drop_policy reports whether the policy existed');

SELECT * FROM finish();
ROLLBACK;
