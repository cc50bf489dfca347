-- The Luhn checksum of payment card numbers: a 13-19 digit string that passes it is very
-- likely a card number; random digit strings pass one time in ten.
CREATE OR REPLACE FUNCTION governance.luhn_valid(digits text)
RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT digits ~ '^[0-9]{13,19}$'
       AND (SELECT pg_catalog.sum(CASE WHEN i % 2 = 0 THEN d * 2 - CASE WHEN d * 2 > 9 THEN 9 ELSE 0 END ELSE d END) % 10 = 0
              FROM (SELECT pg_catalog.substr(pg_catalog.reverse(digits), i, 1)::integer AS d, i
                      FROM pg_catalog.generate_series(1, pg_catalog.length(digits)) AS i) s)
$$;

COMMENT ON FUNCTION governance.luhn_valid(text) IS 'True when a 13-19 digit string passes the Luhn check (payment card numbers)';
GRANT EXECUTE ON FUNCTION governance.luhn_valid(text) TO governance_admin, governance_dpo, governance_auditor, governance_app;
