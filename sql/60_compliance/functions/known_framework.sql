-- Validates a framework argument: NULL (all) or one the registry knows.
CREATE OR REPLACE FUNCTION compliance.known_framework(name text)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF name IS NOT NULL AND NOT EXISTS (SELECT 1 FROM compliance.checks k WHERE k.framework = name) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('compliance.run_checks: unknown framework %L', name),
            HINT = 'Frameworks: ' || (SELECT pg_catalog.string_agg(DISTINCT k.framework, ', ') FROM compliance.checks k);
    END IF;
    RETURN name;
END
$$;

COMMENT ON FUNCTION compliance.known_framework(text) IS
    'Returns its argument if it is NULL or a framework with registered checks; raises 22023 otherwise';

GRANT EXECUTE ON FUNCTION compliance.known_framework(text) TO governance_admin, governance_dpo, governance_auditor;
