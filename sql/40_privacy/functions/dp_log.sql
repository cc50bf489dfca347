-- Appends one release to privacy.dp_releases and returns what the *_release functions hand
-- to the analyst: the value with its epsilon, sensitivity and noise scale. The table row
-- rolls back with the caller's transaction (the charge does not, see dp_charge), so each
-- release is also written to the server log, which no rollback undoes.
CREATE OR REPLACE FUNCTION privacy.dp_log(
    query text, dataset regclass, col name, lower numeric, upper numeric, epsilon numeric,
    sensitivity numeric, noise_scale numeric, mechanism text, result jsonb, details jsonb DEFAULT '{}')
RETURNS privacy.dp_release
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    logged privacy.dp_releases%ROWTYPE;
BEGIN
    INSERT INTO privacy.dp_releases AS r (actor, dataset, dataset_name, query, column_name, lower_bound, upper_bound,
                                          epsilon, sensitivity, noise_scale, mechanism, result, details)
    VALUES (governance.current_actor(), dataset, dataset::text, query, col, lower, upper,
            pg_catalog.trim_scale(epsilon), pg_catalog.trim_scale(sensitivity), pg_catalog.trim_scale(noise_scale),
            mechanism, result, details)
    RETURNING * INTO logged;
    RAISE LOG 'pg-governance dp release %: actor=% dataset=% query=% column=% epsilon=% noise_scale=%',
        logged.id, pg_catalog.quote_literal(logged.actor), logged.dataset_name, query, pg_catalog.quote_ident(col),
        logged.epsilon, logged.noise_scale;
    RETURN ROW(logged.id,
               CASE WHEN pg_catalog.jsonb_typeof(result) = 'number' THEN (result #>> '{}')::numeric END,
               logged.epsilon, logged.sensitivity, logged.noise_scale)::privacy.dp_release;
END
$$;

COMMENT ON FUNCTION privacy.dp_log(text, regclass, name, numeric, numeric, numeric, numeric, numeric, text, jsonb, jsonb) IS
    'Internal: records a differentially private release (table and server log)';
