-- Adds or replaces a check in the registry. Check queries run with the privileges of
-- whoever calls run_checks, so registering one is kept to the owner of the schema (the
-- installing role): EXECUTE is granted to no one.
CREATE OR REPLACE FUNCTION compliance.register_check(
    id                  text,
    framework           text,
    control             text,
    severity            text,
    title               text,
    description         text,
    remedy              text,
    query               text,
    on_finding          text DEFAULT 'fail',
    requires_relations  text[] DEFAULT '{}',
    requires_functions  text[] DEFAULT '{}',
    requires_privileges text[] DEFAULT '{}')
RETURNS void
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
INSERT INTO compliance.checks AS k (id, framework, control, severity, title, description, remedy, query,
                                    on_finding, requires_relations, requires_functions, requires_privileges)
VALUES (id, framework, control, severity, title, description, remedy, query,
        on_finding, requires_relations, requires_functions, requires_privileges)
ON CONFLICT ON CONSTRAINT checks_pkey DO UPDATE
   SET framework = EXCLUDED.framework, control = EXCLUDED.control, severity = EXCLUDED.severity,
       title = EXCLUDED.title, description = EXCLUDED.description, remedy = EXCLUDED.remedy,
       query = EXCLUDED.query, on_finding = EXCLUDED.on_finding,
       requires_relations = EXCLUDED.requires_relations, requires_functions = EXCLUDED.requires_functions,
       requires_privileges = EXCLUDED.requires_privileges
$$;

COMMENT ON FUNCTION compliance.register_check(text, text, text, text, text, text, text, text, text, text[], text[], text[]) IS
    'Owner only: adds or replaces a compliance check (check queries run with the caller''s privileges)';
