-- The category and sensitivity of a value shape found by discover_pii.
CREATE OR REPLACE FUNCTION governance.pii_kind_category(kind text)
RETURNS TABLE (category text, sensitivity text)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT k.category, k.sensitivity
      FROM (VALUES ('email', 'contact', 'confidential'), ('phone', 'contact', 'confidential'),
                   ('ssn', 'direct_identifier', 'restricted'), ('card', 'financial', 'restricted'),
                   ('ip', 'online_identifier', 'internal'), ('birth_date', 'quasi_identifier', 'confidential'))
           AS k (kind, category, sensitivity)
     WHERE k.kind = pii_kind_category.kind
$$;

COMMENT ON FUNCTION governance.pii_kind_category(text) IS
    'Internal: the category and sensitivity discover_pii gives a value shape (email, phone, ssn, card, ip, birth_date)';
