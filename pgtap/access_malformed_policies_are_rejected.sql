BEGIN;
SELECT plan(16);

SELECT throws_ok($$ SELECT access.create_policy('p', '{"actions": ["read"], "conditions": [{"attribute": "user.a", "operator": "~=", "value": 1}]}') $$,
    '22023', 'access.create_policy: conditions[0].operator unknown operator "~=" (expected ==, !=, <, <=, >, >=, in, not_in, contains, exists, in_cidr)',
    'an unknown operator is rejected, naming the field');
SELECT throws_ok($$ SELECT access.create_policy('p', '{"conditions": []}') $$,
    '22023', 'access.create_policy: actions is missing');
SELECT throws_ok($$ SELECT access.create_policy('p', '{"actions": []}') $$,
    '22023', 'access.create_policy: actions must be a non-empty array of action names (''*'' for any)');
SELECT throws_ok($$ SELECT access.create_policy('p', '{"actions": ["read"], "efect": "deny"}') $$,
    '22023', 'access.create_policy: efect is not a policy field (expected effect, actions, resource_types, conditions, name, description)',
    'a misspelt field is rejected rather than ignored');
SELECT throws_ok($$ SELECT access.create_policy('p', '{"actions": ["read"], "effect": "permit"}') $$,
    '22023', 'access.create_policy: effect must be "allow" or "deny"');
SELECT throws_ok($$ SELECT access.create_policy('p', '{"actions": ["read"], "conditions": [{"any": [{"attribute": "user.a", "operator": "=="}]}]}') $$,
    '22023', 'access.create_policy: conditions[0].any[0].value exactly one of value and value_of is required',
    'a missing value deep in a group is named by its path');
SELECT throws_ok($$ SELECT access.create_policy('p', '{"actions": ["read"], "conditions": [{"operator": "==", "value": 1}]}') $$,
    '22023', 'access.create_policy: conditions[0].attribute is missing');
SELECT throws_ok($$ SELECT access.create_policy('p', '{"actions": ["read"], "conditions": [{"attribute": "user.a''; DROP TABLE x; --", "operator": "==", "value": 1}]}') $$,
    '22023', NULL, 'a hostile attribute name is rejected');
SELECT throws_ok($$ SELECT access.create_policy('p', '{"actions": ["read"], "conditions": [{"attribute": "env.weather", "operator": "==", "value": 1}]}') $$,
    '22023', NULL, 'an unknown environment attribute is rejected');
SELECT throws_ok($$ SELECT access.create_policy('p', '{"actions": ["read"], "conditions": [{"attribute": "user.age", "operator": ">", "value": true}]}') $$,
    '22023', 'access.create_policy: conditions[0].value must be a number or a string with >', 'a wrong value type is rejected');
SELECT throws_ok($$ SELECT access.create_policy('p', '{"actions": ["read"], "conditions": [{"attribute": "user.a", "operator": "in", "value": "x"}]}') $$,
    '22023', 'access.create_policy: conditions[0].value must be an array of strings, numbers, booleans or nulls with in');
SELECT throws_ok($$ SELECT access.create_policy('p', '{"actions": ["read"], "conditions": [{"attribute": "env.client_addr", "operator": "in_cidr", "value": "10.0.0.300/8"}]}') $$,
    '22023', 'access.create_policy: conditions[0].value has "10.0.0.300/8", which is not a CIDR network');
SELECT throws_ok($$ SELECT access.create_policy('p', '{"actions": ["read"], "conditions": [{"all": [], "any": []}]}') $$,
    '22023', 'access.create_policy: conditions[0] a group has exactly one key: all, any or not');
SELECT throws_ok($$ SELECT access.create_policy('p', '[1]') $$, '22023', 'access.create_policy: policy must be a JSON object');
SELECT is((SELECT count(*)::int FROM access.policies), 0, 'nothing was stored');

-- A value that looks like SQL or a dollar quote stays a value in the generated code.
SELECT access.create_policy('odd values', $p${"actions": ["read"],
    "conditions": [{"attribute": "user.motto", "operator": "==", "value": "$body$'); DROP TABLE x; --$$"}]}$p$);
SELECT access.set_user_attribute('eve', 'motto', to_jsonb($p$$body$'); DROP TABLE x; --$$$p$::text));
SELECT access.set_resource_attribute('doc', 'document', 'x', '1');
SELECT ok(access.evaluate('eve', 'doc', 'read'), 'hostile values compile as literals and still match');

SELECT * FROM finish();
ROLLBACK;
