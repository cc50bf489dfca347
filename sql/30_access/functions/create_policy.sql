-- Validates a policy, compiles it to SQL and rebuilds access.decide, all in the caller's
-- transaction: a malformed policy changes nothing, a rolled-back one leaves no trace.
--
-- Format: {"effect": "allow"|"deny" (default allow), "actions": [..] ('*': any),
--          "resource_types": [..] (optional), "conditions": [..] (all must hold),
--          "description": "..", "name": ".." (informative)}
CREATE OR REPLACE FUNCTION access.create_policy(name text, policy jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    policy_name text := name;
    extra       text;
    effect      text;
    actions     text[];
    target      text := 'true';
    conditions  text[] := '{}';
    i           int;
BEGIN
    IF policy_name IS NULL OR pg_catalog.btrim(policy_name) = '' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'access.create_policy: name must be a non-empty string';
    END IF;
    IF pg_catalog.jsonb_typeof(policy) IS DISTINCT FROM 'object' THEN
        PERFORM access.policy_error('policy', 'must be a JSON object');
    END IF;
    -- Every policy is compiled into access.decide, run on each decision: its size and the
    -- depth of its condition groups (compiled recursively) are bounded.
    PERFORM governance.require_within_limit('access.create_policy', 'the policy''s size in bytes',
                                            pg_catalog.pg_column_size(policy), 'policy_bytes');
    IF policy ? 'conditions' AND pg_catalog.jsonb_path_exists(policy -> 'conditions', pg_catalog.format(
           'strict $.**{%s}', governance.limit_value('policy_nesting'))::jsonpath) THEN
        RAISE EXCEPTION USING ERRCODE = 'program_limit_exceeded',
            MESSAGE = pg_catalog.format('access.create_policy: its conditions are nested deeper than the limit of %s levels (policy_nesting)',
                                        governance.limit_value('policy_nesting')),
            HINT = 'Flatten the all/any/not groups. The limit is governance.limits ''policy_nesting'', which only pg-governance''s owner may change.';
    END IF;
    SELECT k INTO extra FROM pg_catalog.jsonb_object_keys(policy) k
     WHERE k <> ALL (ARRAY['name', 'description', 'effect', 'actions', 'resource_types', 'conditions']) LIMIT 1;
    IF FOUND THEN
        PERFORM access.policy_error(extra, 'is not a policy field (expected effect, actions, resource_types, conditions, name, description)');
    END IF;
    IF policy ? 'name' AND pg_catalog.jsonb_typeof(policy -> 'name') <> 'string' THEN
        PERFORM access.policy_error('name', 'must be a string');
    END IF;
    IF policy ? 'description' AND pg_catalog.jsonb_typeof(policy -> 'description') <> 'string' THEN
        PERFORM access.policy_error('description', 'must be a string');
    END IF;

    effect := COALESCE(policy ->> 'effect', 'allow');
    IF pg_catalog.jsonb_typeof(COALESCE(policy -> 'effect', '"allow"')) <> 'string' OR effect NOT IN ('allow', 'deny') THEN
        PERFORM access.policy_error('effect', 'must be "allow" or "deny"');
    END IF;

    IF NOT policy ? 'actions' THEN
        PERFORM access.policy_error('actions', 'is missing');
    END IF;
    IF pg_catalog.jsonb_typeof(policy -> 'actions') <> 'array' OR pg_catalog.jsonb_array_length(policy -> 'actions') = 0
       OR EXISTS (SELECT 1 FROM pg_catalog.jsonb_array_elements(policy -> 'actions') a
                   WHERE pg_catalog.jsonb_typeof(a) <> 'string' OR pg_catalog.btrim(a #>> '{}') = '') THEN
        PERFORM access.policy_error('actions', 'must be a non-empty array of action names (''*'' for any)');
    END IF;
    actions := ARRAY(SELECT DISTINCT a FROM pg_catalog.jsonb_array_elements_text(policy -> 'actions') a ORDER BY a);

    IF policy ? 'resource_types' THEN
        IF pg_catalog.jsonb_typeof(policy -> 'resource_types') <> 'array' OR pg_catalog.jsonb_array_length(policy -> 'resource_types') = 0
           OR EXISTS (SELECT 1 FROM pg_catalog.jsonb_array_elements(policy -> 'resource_types') t WHERE pg_catalog.jsonb_typeof(t) <> 'string') THEN
            PERFORM access.policy_error('resource_types', 'must be a non-empty array of resource type names');
        END IF;
        target := access.compile_condition(
            pg_catalog.jsonb_build_object('attribute', 'resource.type', 'operator', 'in', 'value', policy -> 'resource_types'),
            'resource_types');
    END IF;

    IF policy ? 'conditions' THEN
        IF pg_catalog.jsonb_typeof(policy -> 'conditions') <> 'array' THEN
            PERFORM access.policy_error('conditions', 'must be an array of conditions');
        END IF;
        FOR i IN 0 .. pg_catalog.jsonb_array_length(policy -> 'conditions') - 1 LOOP
            conditions := conditions || access.compile_condition(policy -> 'conditions' -> i, pg_catalog.format('conditions[%s]', i));
        END LOOP;
    END IF;

    -- One policy writer at a time: each rebuilds access.decide from all policies.
    LOCK TABLE access.policies IN SHARE ROW EXCLUSIVE MODE;
    INSERT INTO access.policies AS p (name, policy, effect, actions, target_sql, condition_sql, uses_env, updated_by)
    VALUES (policy_name, policy, effect, actions, target, conditions,
            pg_catalog.strpos(target || pg_catalog.array_to_string(conditions, ' '), '$3') > 0,
            governance.current_actor())
    ON CONFLICT ON CONSTRAINT policies_pkey DO UPDATE
       SET policy = EXCLUDED.policy, effect = EXCLUDED.effect, actions = EXCLUDED.actions,
           target_sql = EXCLUDED.target_sql, condition_sql = EXCLUDED.condition_sql,
           uses_env = EXCLUDED.uses_env, updated_at = pg_catalog.now(), updated_by = EXCLUDED.updated_by;
    PERFORM access.compile_policies();
END
$$;

COMMENT ON FUNCTION access.create_policy(text, jsonb) IS
    'ABAC: creates or replaces a JSON policy, validated on write (errors name the bad field)';

GRANT EXECUTE ON FUNCTION access.create_policy(text, jsonb) TO governance_admin;
