-- The explain twin of access.evaluate: the same compiled SQL, run policy by policy and
-- condition by condition, so its decision is evaluate's decision with the reasons.
CREATE OR REPLACE FUNCTION access.explain(user_id text, resource_id text, action text)
RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    u        jsonb;
    r        jsonb;
    e        jsonb := access.environment();
    p        record;
    i        int;
    holds    boolean;
    matched  boolean;
    checks   jsonb;
    report   jsonb := '[]';
    deny_by  text;
    allow_by text;
BEGIN
    SELECT i.u, i.r INTO u, r FROM access.decision_inputs(user_id, resource_id) i;
    FOR p IN SELECT * FROM access.policies ORDER BY effect = 'allow', name LOOP
        IF NOT (action = ANY (p.actions) OR '*' = ANY (p.actions)) THEN
            report := report || pg_catalog.jsonb_build_object('policy', p.name, 'effect', p.effect, 'applies', false,
                                                              'reason', 'action not among ' || p.actions::text);
            CONTINUE;
        END IF;
        EXECUTE 'SELECT ' || p.target_sql INTO matched USING u, r, e, action;
        IF NOT matched THEN
            report := report || pg_catalog.jsonb_build_object('policy', p.name, 'effect', p.effect, 'applies', false,
                                                              'reason', 'resource type not among resource_types');
            CONTINUE;
        END IF;
        checks := '[]';
        FOR i IN 1 .. COALESCE(pg_catalog.array_length(p.condition_sql, 1), 0) LOOP
            EXECUTE 'SELECT ' || p.condition_sql[i] INTO holds USING u, r, e, action;
            matched := matched AND holds;
            checks := checks || pg_catalog.jsonb_build_object('condition', p.policy -> 'conditions' -> (i - 1), 'holds', holds);
        END LOOP;
        report := report || pg_catalog.jsonb_build_object('policy', p.name, 'effect', p.effect, 'applies', true,
                                                          'matched', matched, 'conditions', checks);
        IF matched AND p.effect = 'deny' AND deny_by IS NULL THEN
            deny_by := p.name;
        ELSIF matched AND p.effect = 'allow' AND allow_by IS NULL THEN
            allow_by := p.name;
        END IF;
    END LOOP;

    RETURN pg_catalog.jsonb_build_object(
        'decision', deny_by IS NULL AND allow_by IS NOT NULL,
        'deciding_policy', COALESCE(deny_by, allow_by),
        'reason', CASE WHEN deny_by IS NOT NULL THEN pg_catalog.format('deny policy %s matched (deny overrides allow)', deny_by)
                       WHEN allow_by IS NOT NULL THEN pg_catalog.format('allow policy %s matched', allow_by)
                       ELSE 'no allow policy matched (default deny)' END,
        'user', u, 'resource', r, 'environment', e, 'action', action,
        'policies', report);
END
$$;

COMMENT ON FUNCTION access.explain(text, text, text) IS
    'ABAC: the decision access.evaluate would make, with every policy, whether it applied and matched, and each condition''s result';

-- Not to governance_app: the answer includes every attribute of the user and the resource.
GRANT EXECUTE ON FUNCTION access.explain(text, text, text) TO governance_admin, governance_auditor;
