-- Discrete Laplace (two-sided geometric) noise: P(k) = (1-q)/(1+q) q^|k| with q = exp(-1/scale),
-- on the integers. Adding it to an integer statistic of sensitivity D with scale D/epsilon is
-- epsilon-DP, and since the output is an integer there are none of the gaps in the support
-- that leak the true value through naive floating-point Laplace noise (Mironov 2012).
--
-- Magnitude: G = floor(scale * -ln U) is geometric with P(G >= k) = exp(-k/scale) exactly for
-- continuous U; with U on a 2^-128 grid every probability is off by at most 2^-128 and the
-- tail is cut at 88.7 * scale (probability below 1e-38). ln() runs on numeric at 45 decimals.
-- Sign: a random bit; (-, 0) is rejected so that 0 is not counted twice.
CREATE OR REPLACE FUNCTION privacy.dp_discrete_laplace(scale numeric)
RETURNS numeric
LANGUAGE plpgsql VOLATILE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    magnitude numeric;
    negative  boolean;
BEGIN
    IF NOT scale > 0 OR scale = 'NaN' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('privacy.dp_discrete_laplace: scale must be positive, got %s', scale);
    END IF;
    LOOP
        magnitude := pg_catalog.floor(scale * -pg_catalog.ln(privacy.dp_uniform()));
        negative := pg_catalog.get_byte(governance.random_bytes(1), 0) >= 128;
        IF magnitude > 0 OR NOT negative THEN
            RETURN CASE WHEN negative THEN -magnitude ELSE magnitude END;
        END IF;
    END LOOP;
END
$$;

COMMENT ON FUNCTION privacy.dp_discrete_laplace(numeric) IS
    'Internal: an integer drawn from the discrete Laplace distribution of the given scale (secure randomness, exact arithmetic)';
