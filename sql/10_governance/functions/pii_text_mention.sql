-- What personal data a free-text value mentions (a support ticket's body: "please write to
-- ann@example.org"): an e-mail address or a US SSN anywhere in it, or NULL. Only shapes
-- distinctive enough to find inside prose: phone and card numbers look too much like the
-- order numbers, dates and amounts that free text is full of.
CREATE OR REPLACE FUNCTION governance.pii_text_mention(v text)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN v ~ '(^|[^0-9-])[0-9]{3}-[0-9]{2}-[0-9]{4}($|[^0-9-])' THEN 'ssn'
        WHEN v ~ '[^[:space:]@<>(),;:"]+@[^[:space:]@<>(),;:".]+(\.[^[:space:]@<>(),;:".]+)*\.[^[:space:]@<>(),;:".0-9]{2,}' THEN 'email'
    END
$$;

COMMENT ON FUNCTION governance.pii_text_mention(text) IS
    'What personal data a free-text value mentions: ssn or email anywhere in it (the more sensitive first); NULL when none';
GRANT EXECUTE ON FUNCTION governance.pii_text_mention(text) TO governance_admin, governance_dpo;
