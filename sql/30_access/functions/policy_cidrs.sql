-- The CIDR list of an in_cidr condition: a string or an array of strings, each a valid
-- network, returned as a cidr[] literal.
CREATE OR REPLACE FUNCTION access.policy_cidrs(value jsonb, path text)
RETURNS text
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    items jsonb := CASE WHEN pg_catalog.jsonb_typeof(value) = 'array' THEN value ELSE pg_catalog.jsonb_build_array(value) END;
    nets  cidr[] := '{}';
    item  jsonb;
BEGIN
    FOR item IN SELECT e FROM pg_catalog.jsonb_array_elements(items) e LOOP
        IF pg_catalog.jsonb_typeof(item) <> 'string' THEN
            PERFORM access.policy_error(path, 'must be a CIDR string or an array of them with in_cidr');
        END IF;
        BEGIN
            nets := nets || (item #>> '{}')::cidr;
        EXCEPTION WHEN invalid_text_representation OR invalid_binary_representation THEN
            PERFORM access.policy_error(path, pg_catalog.format('has %s, which is not a CIDR network', item));
        END;
    END LOOP;
    IF pg_catalog.cardinality(nets) = 0 THEN
        PERFORM access.policy_error(path, 'must name at least one network');
    END IF;
    RETURN nets::text;
END
$$;

COMMENT ON FUNCTION access.policy_cidrs(jsonb, text) IS 'Internal: validates the networks of an in_cidr condition';
