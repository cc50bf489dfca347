-- Whether params has no key `name`, or a whole number from lo to hi there.
CREATE OR REPLACE FUNCTION privacy.whole_number_param(params jsonb, name text, lo integer, hi integer)
RETURNS boolean
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT NOT params ? name
        OR (pg_catalog.jsonb_typeof(params->name) = 'number'
            AND CASE WHEN pg_catalog.jsonb_typeof(params->name) = 'number'
                     THEN (params->>name)::numeric BETWEEN lo AND hi
                          AND (params->>name)::numeric = pg_catalog.trunc((params->>name)::numeric) END)
$$;

COMMENT ON FUNCTION privacy.whole_number_param(jsonb, text, integer, integer) IS
    'True when params (a masking rule''s parameters) lacks the key or holds a whole number from lo to hi there: how mask_rule_problem checks keep and prefix';

-- Granted to the roles of privacy.masked_columns, which calls it (through column_mask and mask_rule_problem) with their rights.
GRANT EXECUTE ON FUNCTION privacy.whole_number_param(jsonb, text, integer, integer) TO governance_admin, governance_dpo, governance_auditor;
