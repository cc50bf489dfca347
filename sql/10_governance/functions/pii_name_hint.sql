-- What a column's name suggests it holds: (pattern, category, sensitivity), or nothing.
CREATE OR REPLACE FUNCTION governance.pii_name_hint(column_name name)
RETURNS TABLE (pattern text, category text, sensitivity text)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT h.pattern, h.category, h.sensitivity
      FROM (VALUES
            (1, 'e_?mail', 'contact', 'confidential'),
            (2, 'phone|mobile|^tel(ephone)?$|fax', 'contact', 'confidential'),
            (3, 'ssn|social_?security|national_?id|passport|tax_?id|driver_?licen', 'direct_identifier', 'restricted'),
            (4, 'card_?(number|num|no)|^pan$|cc_?num|iban|account_?number', 'financial', 'restricted'),
            (5, 'password|passwd|pwd|secret|api_?key|token', 'credentials', 'restricted'),
            (6, 'birth|^dob$', 'quasi_identifier', 'confidential'),
            (7, 'diagnos|medical|health|prescription|allerg', 'health', 'restricted'),
            (8, '^(first|last|full|middle|sur|given|family|maiden)_?name$|^name$', 'direct_identifier', 'confidential'),
            (9, 'street|^address$|address_?line|^(post|zip)_?code$|^zip$|postal', 'contact', 'confidential'),
            (10, 'ip_?addr|^ip$|client_?ip', 'quasi_identifier', 'internal'),
            (11, 'gender|^sex$|ethnic|religio', 'quasi_identifier', 'confidential')) h(rank, pattern, category, sensitivity)
     WHERE pg_catalog.lower(column_name::text) ~ h.pattern
     ORDER BY h.rank
     LIMIT 1
$$;

COMMENT ON FUNCTION governance.pii_name_hint(name) IS
    'The personal-data category a column name suggests (e-mail, phone, national ID, card, credentials, birth date, ...)';
GRANT EXECUTE ON FUNCTION governance.pii_name_hint(name) TO governance_admin, governance_dpo;
