-- A name as lower-case words joined by '_': BillingAddress, "billing address" and
-- billing-address all read billing_address, so the discovery rules match whole words.
CREATE OR REPLACE FUNCTION governance.pii_words(identifier text)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.btrim(pg_catalog.regexp_replace(pg_catalog.lower(
               pg_catalog.regexp_replace(pg_catalog.regexp_replace(identifier, '([a-z0-9])([A-Z])', '\1_\2', 'g'),
                                         '([A-Z]+)([A-Z][a-z])', '\1_\2', 'g')),
               '[^a-z0-9]+', '_', 'g'), '_')
$$;

COMMENT ON FUNCTION governance.pii_words(text) IS
    'A name as lower-case words joined by _ (camelCase and spaces split), what the discovery rules match';
GRANT EXECUTE ON FUNCTION governance.pii_words(text) TO governance_admin, governance_dpo;
