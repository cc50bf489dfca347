-- What a column's name suggests it holds: (rule, pattern, category, sensitivity, needs), or
-- nothing. Names are compared as lower-case words joined by '_' (billingAddress and
-- "Billing Address" read as billing_address), and each pattern matches whole words, so
-- ship_address is an address and never an IP address.
--
-- `needs` says when a weak name counts (docs/catalog.md, "Discovery rules"):
--   NULL            the name alone is evidence (email, billing_address, date_of_birth)
--   'context'       only in a table that holds other personal data or whose name names
--                   people (city, notes, score: a product's description is not personal)
--   'person_table'  only in a table whose name names people (name, title, state: a
--                   genre's name, an album's title, an order's state are not)
-- A name that ends in a word saying it is about the data rather than the data itself
-- (email_verified, address_id, phone_count) suggests nothing, except for identifiers
-- whose name ends that way (device_id, national_id).
CREATE OR REPLACE FUNCTION governance.pii_name_hint(column_name name, table_name name DEFAULT NULL)
RETURNS TABLE (rule text, pattern text, category text, sensitivity text, needs text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH words AS (
        SELECT governance.pii_words(column_name) AS col, governance.pii_words(table_name) AS tbl),
    rules (rank, rule, pattern, category, sensitivity, needs) AS (VALUES
        (1, 'device_fingerprint', '(device|browser|canvas)_?fingerprint', 'online_identifier', 'internal', NULL::text),
        (2, 'email', '(^|_)e_?mails?(_|$)|email', 'contact', 'confidential', NULL),
        (3, 'ip_address', '(^|_)(ip|ipv4|ipv6|ip_?addr|ip_?address|client_?ip|remote_?ip|remote_?addr|last_?ip|source_?ip)(_|$)',
            'online_identifier', 'internal', NULL),
        (4, 'online_identifier', '(^|_)(user_?agent|ua|device_?id|device_?uuid|idfa|idfv|gaid|imei|udid|mac_?addr|mac_?address|cookie_?id|session_?id|visitor_?id|anonymous_?id|advertising_?id|ad_?id|push_?token|device_?token|fcm_?token|client_?id_?ga)(_|$)',
            'online_identifier', 'internal', NULL),
        (4, 'social_profile', 'linkedin|twitter|facebook|instagram|tiktok|(^|_)(social_?(profile|handle|url|media)|skype|whatsapp|telegram)(_|$)',
            'online_identifier', 'internal', NULL),
        (5, 'phone', '(^|_)(phone|phones|phone_?number|mobile|mobile_?number|cell|cellphone|tel|telephone|fax|msisdn)(_|$)|phone',
            'contact', 'confidential', NULL),
        (6, 'national_id', 'ssn|social_?security|(^|_)(national_?id|nin|sin|nhs_?number|tin|passport|passport_?number|tax_?id|tax_?number|vat_?id|driver_?s?_?licen[cs]e(_?number)?|id_?card(_?number)?|insurance_?number|medicare_?number|medicaid_?id|mrn|medical_?record_?number)(_|$)',
            'direct_identifier', 'restricted', NULL),
        (6, 'person_number', '^(employee|staff|member|customer|patient|student|personnel|payroll|badge|membership|loyalty_?card)_?(number|no|num|nr|code)$',
            'direct_identifier', 'confidential', NULL),
        (7, 'card_or_account', '(^|_)(card_?(number|num|no)|pan|cc_?num(ber)?|credit_?card|iban|account_?(number|no|num)|bank_?account|routing_?number|bic|swift|sort_?code)(_|$)',
            'financial', 'restricted', NULL),
        (8, 'income', '(^|_)(salary|income|wage|wages|pay_?rate|hourly_?rate|bonus|compensation|net_?worth|credit_?limit|annual_?income)(_|$)',
            'financial', 'confidential', NULL),
        (9, 'credentials', 'password|passwd|(^|_)(pwd|secret|client_?secret|api_?key|token|access_?token|refresh_?token|otp|totp_?secret|mfa_?secret|recovery_?codes?|private_?key)(_|$)',
            'credentials', 'restricted', NULL),
        (10, 'birth_date', 'birth|(^|_)(dob|born|born_?on)(_|$)', 'quasi_identifier', 'confidential', NULL),
        (11, 'inferred', 'churn|propensity|(^|_)(credit_?score|risk_?score|fraud_?score|lead_?score|health_?score|engagement_?score|predicted|prediction|inferred|likelihood|affinity|persona|lifetime_?value|ltv|clv|customer_?segment|sentiment)(_|$)',
            'inferred', 'confidential', NULL),
        (12, 'health', 'diagnos|medical|prescri|allerg|medication|symptom|(^|_)(health|icd|icd_?10|icd_?code|treatment|therapy|blood_?type|blood_?group|disability|disabilities|clinical|lab_?result|vaccin[a-z]*|pregnan[a-z]*|condition_?code|procedure_?code|dosage)(_|$)',
            'health', 'restricted', NULL),
        (13, 'biometric', 'biometric|(^|_)(fingerprint|face_?(embedding|template|geometry|encoding)|iris|retina|voice_?print|palm_?print)(_|$)',
            'biometric', 'restricted', NULL),
        (14, 'sensitive_trait', 'ethnic|religio|(^|_)(race|political|politics|trade_?union|union_?member(ship)?|sexual_?orientation|sexuality)(_|$)',
            'sensitive_trait', 'restricted', NULL),
        (15, 'gender', 'gender|(^|_)sex(_|$)', 'quasi_identifier', 'confidential', NULL),
        (16, 'person_name', '^(first|last|full|middle|sur|given|family|maiden|display|legal|preferred|nick|fore|christian)_?names?$|^(contact|customer|client|patient|employee|user|person|member|guest|recipient|sender|billing|shipping|ship|buyer|emergency_?contact|next_?of_?kin|account_?holder|card_?holder|holder|parent|guardian|spouse|physician|doctor|nurse|manager|owner|referrer|beneficiary)_?(full_?)?names?$|^(user_?name|login|screen_?name|handle|signature|card_?holder|account_?holder|cardholder)$',
            'direct_identifier', 'confidential', NULL),
        (17, 'postal_address', '(^|_)(street|street_?address|address|addresses|addr|address_?line_?[0-9]*|address[0-9]|house_?number|street_?name|apartment|apt|suite|mailing_?address|ship_?to)(_|$)',
            'contact', 'confidential', NULL),
        (18, 'postal_code', '(^|_)((post|zip|postal|pin)_?code|zip|postcode|zipcode|postalcode|plz)(_|$)', 'location', 'confidential', NULL),
        (19, 'place_of_person', '^(billing|shipping|ship|home|mailing|residence|residential|birth|current|permanent)_?(city|town|state|province|county|country|region|district|country_?code)$',
            'location', 'internal', NULL),
        (20, 'demographic', '(^|_)(nationality|citizenship|marital_?status|civil_?status|date_?of_?death|occupation|profession|job_?title|education|education_?level|native_?language|mother_?tongue|number_?of_?children|dependants|household_?size|employment_?status)(_|$)',
            'demographic', 'confidential', NULL),
        (21, 'geolocation', 'latitude|longitude|(^|_)(lat|lng|lon|geo|gps|geolocation|geo_?location|coordinates|geo_?point|geohash|location)(_|$)',
            'location', 'confidential', 'context'),
        (21, 'treatment', '^(drug|drugs|medicine|medicines|procedure|procedures|condition|conditions|outcome|test_?result|vitals)$',
            'health', 'restricted', 'context'),
        (22, 'age', '^(age|age_?group|age_?band|age_?range|age_?years)$', 'demographic', 'confidential', 'context'),
        (22, 'place', '^(city|town|province|county|country|country_?code|region|district|suburb|municipality)$', 'location', 'internal', 'context'),
        (23, 'score', '(^|_)(score|segment|tier|cluster|risk_?level|risk_?band)(_|$)', 'inferred', 'internal', 'context'),
        (24, 'free_text', '(^|_)(note|notes|comment|comments|remark|remarks|description|bio|biography|about|message|body|feedback|free_?text|memo|complaint|narrative|observation|observations|instructions|reason|transcript)(_|$)',
            'free_text', 'confidential', 'context'),
        (25, 'job', '^(title|department|position|job|grade|seniority|language|preferred_?language|locale)$', 'demographic', 'internal', 'person_table'),
        (26, 'name', '^(name|names)$', 'direct_identifier', 'confidential', 'person_table'),
        (27, 'state', '^state$', 'location', 'internal', 'person_table'))
    SELECT r.rule, r.pattern, r.category, r.sensitivity, r.needs
      FROM words w, rules r
     WHERE w.col ~ r.pattern
       -- about the data, not the data: email_verified, address_id, phone_count,
       -- email_sent_at (identifiers whose names end so are the data: device_id)
       AND NOT (w.col ~ '_(verified|confirmed|enabled|disabled|opt_?in|opt_?out|consent|consented|count|flag|type|kind|status|sent|bounced|valid|format|template|provider|domain|policy|preference|preferences|changed|updated|visible|public|private|required|id|ids|fk|ref|key|uuid|length|len|algorithm)(_at|_on)?$'
                AND NOT (r.category IN ('online_identifier', 'direct_identifier') AND w.col ~ '_(id|ids|uuid|key)$')
                -- marital_status, blood_type: the trait itself
                AND r.category NOT IN ('health', 'demographic', 'sensitive_trait', 'inferred', 'biometric'))
       AND NOT (w.col ~ '_(at|time|timestamp)$' AND r.rule <> 'birth_date')
       -- a yes/no flag says something about a person only in the special categories
       -- (union_member, has_disability); elsewhere it is about the data (is_email_public)
       AND NOT (w.col ~ '^(is|has|can|allow|allows|should|needs|was)_' AND r.category NOT IN ('health', 'sensitive_trait'))
       AND (r.needs IS DISTINCT FROM 'person_table' OR governance.pii_person_table(table_name))
     ORDER BY r.rank
     LIMIT 1
$$;

COMMENT ON FUNCTION governance.pii_name_hint(name, name) IS
    'The personal-data category a column name suggests (rule, pattern, category, sensitivity, and whether it needs a table of people or other personal data to count); nothing when none';
GRANT EXECUTE ON FUNCTION governance.pii_name_hint(name, name) TO governance_admin, governance_dpo;
