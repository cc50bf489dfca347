-- A mean as post-processing of two releases, each with half of epsilon: a noisy count and a
-- noisy sum of the values centred on the middle of the bounds (halving the sum's sensitivity
-- to k * (upper - lower) / 2). The ratio is clamped to the bounds; a noisy count below 1
-- counts as 1, so the answer is always defined.
CREATE OR REPLACE FUNCTION privacy.dp_mean_release(dataset regclass, "column" name, lower numeric, upper numeric, epsilon float8)
RETURNS privacy.dp_release
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    grid        numeric := privacy.dp_bounds('privacy.dp_mean', lower, upper, centred => true);
    mid         numeric := (lower + upper) / 2;
    src         record := privacy.dp_source('privacy.dp_mean', dataset);
    sensitivity numeric := src.contributions * pg_catalog.round((upper - mid) / grid);
    cost        numeric;
    count_scale numeric;
    exact_count bigint;
    exact_sum   numeric;
    noisy_count numeric;
    noisy_sum   numeric;
BEGIN
    PERFORM privacy.dp_column('privacy.dp_mean', dataset, "column", true);
    cost := privacy.dp_charge('privacy.dp_mean', dataset, epsilon);
    count_scale := src.contributions / (cost / 2);
    -- NULLs are skipped explicitly: GREATEST/LEAST ignore NULL arguments and would clamp them to a bound.
    EXECUTE pg_catalog.format(
        'SELECT pg_catalog.count(*), COALESCE(pg_catalog.sum(pg_catalog.round((LEAST(GREATEST(d.%1$I::numeric, $1), $2) - $3) * $4)), 0)'
        ' FROM %2$s WHERE d.%1$I IS NOT NULL', "column", src.from_item) INTO exact_count, exact_sum USING lower, upper, mid, 1 / grid;
    noisy_count := exact_count + privacy.dp_discrete_laplace(count_scale);
    noisy_sum := (exact_sum + privacy.dp_discrete_laplace(sensitivity / (cost / 2))) * grid;
    RETURN privacy.dp_log('mean', dataset, "column", lower, upper, cost, sensitivity * grid,
                          sensitivity / (cost / 2) * grid, 'discrete_laplace',
                          pg_catalog.to_jsonb(pg_catalog.trim_scale(LEAST(GREATEST(mid + noisy_sum / GREATEST(noisy_count, 1), lower), upper))),
                          pg_catalog.jsonb_build_object('grid', pg_catalog.trim_scale(grid), 'count_noise_scale', pg_catalog.trim_scale(count_scale),
                                                        'count_sensitivity', src.contributions,
                                                        'epsilon_split', 'half to the count, half to the centred sum'));
END
$$;

COMMENT ON FUNCTION privacy.dp_mean_release(regclass, name, numeric, numeric, float8) IS
    'Differentially private mean of a column clamped to [lower, upper] (noise scale and sensitivity are the centred sum''s)';

CREATE OR REPLACE FUNCTION privacy.dp_mean(dataset regclass, "column" name, lower numeric, upper numeric, epsilon float8)
RETURNS numeric
LANGUAGE sql VOLATILE
AS $$ SELECT r.value FROM privacy.dp_mean_release(dataset, "column", lower, upper, epsilon) AS r $$;

COMMENT ON FUNCTION privacy.dp_mean(regclass, name, numeric, numeric, float8) IS
    'Differentially private mean of a column clamped to [lower, upper]; charges epsilon to the current actor''s budget';

GRANT EXECUTE ON FUNCTION privacy.dp_mean_release(regclass, name, numeric, numeric, float8),
                          privacy.dp_mean(regclass, name, numeric, numeric, float8)
    TO governance_admin, governance_app;
