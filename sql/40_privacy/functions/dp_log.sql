-- Appends one release to privacy.dp_releases and returns what the *_release functions hand
-- to the analyst: the value with its epsilon, sensitivity and noise scale.
CREATE OR REPLACE FUNCTION privacy.dp_log(
    query text, dataset regclass, col name, lower numeric, upper numeric, epsilon numeric,
    sensitivity numeric, noise_scale numeric, mechanism text, result jsonb, details jsonb DEFAULT '{}')
RETURNS privacy.dp_release
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
    INSERT INTO privacy.dp_releases AS r (actor, dataset, dataset_name, query, column_name, lower_bound, upper_bound,
                                          epsilon, sensitivity, noise_scale, mechanism, result, details)
    VALUES (governance.current_actor(), dataset, dataset::text, query, col, lower, upper,
            pg_catalog.trim_scale(epsilon), pg_catalog.trim_scale(sensitivity), pg_catalog.trim_scale(noise_scale),
            mechanism, result, details)
    RETURNING r.id, CASE WHEN pg_catalog.jsonb_typeof(r.result) = 'number' THEN (r.result #>> '{}')::numeric END,
              r.epsilon, r.sensitivity, r.noise_scale
$$;

COMMENT ON FUNCTION privacy.dp_log(text, regclass, name, numeric, numeric, numeric, numeric, numeric, text, jsonb, jsonb) IS
    'Internal: records a differentially private release';
