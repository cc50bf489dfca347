-- Validates declared bounds and returns the grid that clamped values are rounded to before
-- summing: a power of ten, 12 significant digits below the largest magnitude a value can
-- have (max(|lower|, |upper|), or (upper - lower) / 2 for values centred on the midpoint). Sums then run on
-- integers (grid units) and get integer discrete Laplace noise, so the released value lies
-- on the grid whatever the data: the floating-point-safe route. The grid depends on the
-- bounds only, never on the data.
CREATE OR REPLACE FUNCTION privacy.dp_bounds(caller text, lower numeric, upper numeric, centred boolean DEFAULT false)
RETURNS numeric
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- abs() < 1e100 also rejects NaN and infinities (NaN sorts above every number).
    IF lower IS NULL OR upper IS NULL OR NOT (pg_catalog.abs(lower) < 1e100 AND pg_catalog.abs(upper) < 1e100)
       OR NOT lower < upper THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: bounds must be finite numbers with lower < upper, got [%s, %s]', caller, lower, upper),
            HINT = 'Declare bounds from domain knowledge (e.g. age 0 to 120), never from the data.';
    END IF;
    RETURN 10::numeric ^ (pg_catalog.floor(pg_catalog.log(
        CASE WHEN centred THEN (upper - lower) / 2 ELSE GREATEST(pg_catalog.abs(lower), pg_catalog.abs(upper)) END)) - 12);
END
$$;

COMMENT ON FUNCTION privacy.dp_bounds(text, numeric, numeric, boolean) IS
    'Internal: validates DP bounds; returns the summation grid (12 significant digits of the largest bound)';
