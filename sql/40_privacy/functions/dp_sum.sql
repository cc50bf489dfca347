-- A sum of values clamped to [lower, upper], rounded to the bounds' grid (privacy.dp_bounds)
-- and summed as integers, with discrete Laplace noise of scale k * max(|lower|, |upper|) / epsilon.
CREATE OR REPLACE FUNCTION privacy.dp_sum_release(dataset regclass, "column" name, lower numeric, upper numeric, epsilon float8)
RETURNS privacy.dp_release
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    grid        numeric := privacy.dp_bounds('privacy.dp_sum', lower, upper);
    src         record := privacy.dp_source('privacy.dp_sum', dataset);
    sensitivity numeric := src.contributions * pg_catalog.round(GREATEST(pg_catalog.abs(lower), pg_catalog.abs(upper)) / grid);
    cost        numeric;
    exact       numeric;
BEGIN
    PERFORM privacy.dp_column('privacy.dp_sum', dataset, "column", true);
    cost := privacy.dp_charge('privacy.dp_sum', dataset, epsilon);
    -- NULLs are skipped explicitly: GREATEST/LEAST ignore NULL arguments and would clamp them to a bound.
    EXECUTE pg_catalog.format(
        'SELECT COALESCE(pg_catalog.sum(pg_catalog.round(LEAST(GREATEST(d.%1$I::numeric, $1), $2) * $3)), 0)'
        ' FROM %2$s WHERE d.%1$I IS NOT NULL',
        "column", src.from_item) INTO exact USING lower, upper, 1 / grid;  -- multiplying by 10^k is cheaper than dividing
    RETURN privacy.dp_log('sum', dataset, "column", lower, upper, cost, sensitivity * grid, sensitivity / cost * grid,
                          'discrete_laplace',
                          pg_catalog.to_jsonb(pg_catalog.trim_scale((exact + privacy.dp_discrete_laplace(sensitivity / cost)) * grid)),
                          pg_catalog.jsonb_build_object('grid', pg_catalog.trim_scale(grid)));
END
$$;

COMMENT ON FUNCTION privacy.dp_sum_release(regclass, name, numeric, numeric, float8) IS
    'Differentially private sum of a column clamped to [lower, upper], with release id, epsilon, sensitivity and noise scale';

CREATE OR REPLACE FUNCTION privacy.dp_sum(dataset regclass, "column" name, lower numeric, upper numeric, epsilon float8)
RETURNS numeric
LANGUAGE sql VOLATILE
AS $$ SELECT r.value FROM privacy.dp_sum_release(dataset, "column", lower, upper, epsilon) AS r $$;

COMMENT ON FUNCTION privacy.dp_sum(regclass, name, numeric, numeric, float8) IS
    'Differentially private sum of a column clamped to [lower, upper]; charges epsilon to the current actor''s budget';

GRANT EXECUTE ON FUNCTION privacy.dp_sum_release(regclass, name, numeric, numeric, float8),
                          privacy.dp_sum(regclass, name, numeric, numeric, float8)
    TO governance_admin, governance_app;
