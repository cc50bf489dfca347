-- What a single value looks like: email, phone, ssn, card (Luhn-valid), ip, or NULL.
CREATE OR REPLACE FUNCTION governance.pii_value_kind(v text)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN v ~* '^[a-z0-9._%+''-]+@[a-z0-9.-]+\.[a-z]{2,}$' THEN 'email'
        WHEN v ~ '^[0-9]{3}-[0-9]{2}-[0-9]{4}$' THEN 'ssn'
        WHEN v ~ '^[0-9][0-9 -]{11,22}[0-9]$'
             AND governance.luhn_valid(pg_catalog.regexp_replace(v, '[ -]', '', 'g')) THEN 'card'
        -- inet::text adds the prefix length (10.0.0.1/32)
        WHEN v ~ '^(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}(/[0-9]{1,2})?$'
             OR (v ~* '^[0-9a-f:]+(/[0-9]{1,3})?$' AND v ~ ':.*:' AND pg_catalog.length(v) BETWEEN 3 AND 43) THEN 'ip'
        WHEN v ~ '^\+?[0-9 ().-]{7,20}$' AND pg_catalog.length(pg_catalog.regexp_replace(v, '[^0-9]', '', 'g')) BETWEEN 7 AND 15
             AND v ~ '[ ().+-]' THEN 'phone'
    END
$$;

COMMENT ON FUNCTION governance.pii_value_kind(text) IS
    'Classifies one value by its shape: email, ssn, card (passes Luhn), ip, phone; NULL when none';
GRANT EXECUTE ON FUNCTION governance.pii_value_kind(text) TO governance_admin, governance_dpo;
