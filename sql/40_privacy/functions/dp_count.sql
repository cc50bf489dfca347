-- A count with discrete Laplace noise of scale k/epsilon, k the per-subject contribution
-- limit (adding or removing one subject changes the count by at most k).
CREATE OR REPLACE FUNCTION privacy.dp_count_release(dataset regclass, epsilon float8)
RETURNS privacy.dp_release
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    src   record := privacy.dp_source('privacy.dp_count', dataset);
    cost  numeric := privacy.dp_charge('privacy.dp_count', dataset, epsilon);
    scale numeric := src.contributions / cost;
    exact bigint;
BEGIN
    EXECUTE pg_catalog.format('SELECT pg_catalog.count(*) FROM %s', src.from_item) INTO exact;
    RETURN privacy.dp_log('count', dataset, NULL, NULL, NULL, cost, src.contributions, scale, 'discrete_laplace',
                          pg_catalog.to_jsonb(exact + privacy.dp_discrete_laplace(scale)));
END
$$;

COMMENT ON FUNCTION privacy.dp_count_release(regclass, float8) IS
    'Differentially private row count, with its release id, epsilon, sensitivity and noise scale; charges the current actor''s budget';

CREATE OR REPLACE FUNCTION privacy.dp_count(dataset regclass, epsilon float8)
RETURNS numeric
LANGUAGE sql VOLATILE
AS $$ SELECT r.value FROM privacy.dp_count_release(dataset, epsilon) AS r $$;

COMMENT ON FUNCTION privacy.dp_count(regclass, float8) IS
    'Differentially private row count (discrete Laplace noise); charges epsilon to the current actor''s budget on the dataset';

GRANT EXECUTE ON FUNCTION privacy.dp_count_release(regclass, float8), privacy.dp_count(regclass, float8)
    TO governance_admin, governance_app;
