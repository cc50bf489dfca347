-- A uniform draw from (0, 1] on a grid of 2^-128, from pgcrypto's strong random source.
-- Never random(): any role can replay it with setseed() and subtract the noise. The result
-- carries 45 decimal places so that ln() and exp() of it keep that precision (numeric
-- functions compute to the input's scale), with no floating point anywhere.
CREATE OR REPLACE FUNCTION privacy.dp_uniform()
RETURNS numeric
LANGUAGE sql VOLATILE PARALLEL SAFE
AS $$
    SELECT (pg_catalog.sum(('x' || pg_catalog.encode(pg_catalog.substr(r.b, 4 * i + 1, 4), 'hex'))::bit(32)::bigint
                * (4294967296::numeric ^ (3 - i)))::numeric(100, 45) + 1)
           / 340282366920938463463374607431768211456::numeric  -- 2^128
      FROM (SELECT governance.random_bytes(16) AS b) r,
           pg_catalog.generate_series(0, 3) AS i
$$;

COMMENT ON FUNCTION privacy.dp_uniform() IS
    'Internal: uniform on (0, 1] in steps of 2^-128 from pgcrypto random bytes, 45 decimal places';
