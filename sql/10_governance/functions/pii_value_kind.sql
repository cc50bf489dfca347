-- What a single value looks like: email, phone, ssn, card (Luhn-valid), ip, or NULL.
-- E-mail addresses may hold letters of any script (stanisław.wójcik@wp.pl): the
-- patterns exclude the few characters an address cannot hold rather than list letters,
-- which [[:alpha:]] does only for ASCII under the C locale. Digits in
-- dotted pairs (88.60.15.31, 01.88.60.15.31) are how French phone numbers are written:
-- an IPv4 address rarely has four two-digit parts, so a column of them reads as phones,
-- while a column of addresses keeps its majority of ip. Dates and version strings
-- (2024-06-01) are never phone numbers.
CREATE OR REPLACE FUNCTION governance.pii_value_kind(v text)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN v ~ '^[^[:space:]@<>(),;:"]+@[^[:space:]@<>(),;:".]+(\.[^[:space:]@<>(),;:".]+)*\.[^[:space:]@<>(),;:".0-9]{2,}$' THEN 'email'
        WHEN v ~ '^[0-9]{3}-[0-9]{2}-[0-9]{4}$' THEN 'ssn'
        WHEN v ~ '^[0-9][0-9 -]{11,22}[0-9]$'
             AND governance.luhn_valid(pg_catalog.regexp_replace(v, '[ -]', '', 'g')) THEN 'card'
        WHEN v ~ '^[0-9]{2}(\.[0-9]{2}){3,4}$' THEN 'phone'
        -- inet::text adds the prefix length (10.0.0.1/32)
        WHEN v ~ '^(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}(/[0-9]{1,2})?$'
             OR (v ~* '^[0-9a-f:]+(/[0-9]{1,3})?$' AND v ~ ':.*:' AND pg_catalog.length(v) BETWEEN 3 AND 43) THEN 'ip'
        WHEN v ~ '^[0-9]{4}[./-][0-9]{1,2}[./-][0-9]{1,2}$' OR v ~ '^[0-9]{1,2}[./-][0-9]{1,2}[./-][0-9]{2,4}$' THEN NULL
        WHEN v ~ '^\+?[0-9 ().-]{7,20}$' AND pg_catalog.length(pg_catalog.regexp_replace(v, '[^0-9]', '', 'g')) BETWEEN 7 AND 15
             AND v ~ '[ ().+-]' THEN 'phone'
    END
$$;

COMMENT ON FUNCTION governance.pii_value_kind(text) IS
    'Classifies one value by its shape: email (any script), ssn, card (passes Luhn), ip, phone (dates excluded); NULL when none';
GRANT EXECUTE ON FUNCTION governance.pii_value_kind(text) TO governance_admin, governance_dpo;
