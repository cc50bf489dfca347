-- Whether a table's name names people (customers, employees, patient_contacts): where a
-- column called name, title or state is a person's.
CREATE OR REPLACE FUNCTION governance.pii_person_table(table_name text)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT COALESCE(governance.pii_words(table_name) ~ '(^|_)(customers?|clients?|users?|persons?|people|individuals?|patients?|employees?|staff|members?|contacts?|guests?|students?|pupils?|subscribers?|applicants?|candidates?|visitors?|passengers?|travell?ers?|authors?|profiles?|leads?|prospects?|recipients?|volunteers?|donors?|physicians?|doctors?|nurses?|clinicians?|workers?|holders?|beneficiar(y|ies)|dependents?|next_of_kin|residents?|citizens?|players?|drivers?|buyers?|shoppers?|borrowers?|debtors?|personnel)(_|$)', false)
$$;

COMMENT ON FUNCTION governance.pii_person_table(text) IS
    'True when a table name names people (customers, employees, patients, ...)';
GRANT EXECUTE ON FUNCTION governance.pii_person_table(text) TO governance_admin, governance_dpo;
