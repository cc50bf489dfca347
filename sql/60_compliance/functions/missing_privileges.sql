-- What the current role lacks of a check's declared privileges, in words a DBA can GRANT.
-- Superusers are members of every role and hold every privilege, so they lack nothing.
CREATE OR REPLACE FUNCTION compliance.missing_privileges(required text[])
RETURNS text[]
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
SELECT coalesce(pg_catalog.array_agg(d.description ORDER BY d.description), '{}')
  FROM pg_catalog.unnest(required) AS r(token)
 CROSS JOIN LATERAL (SELECT pg_catalog.split_part(r.token, ':', 1) AS kind,
                            pg_catalog.substr(r.token, pg_catalog.strpos(r.token, ':') + 1) AS object) t
 CROSS JOIN LATERAL (SELECT CASE t.kind
            WHEN 'role' THEN NOT pg_catalog.pg_has_role(CURRENT_USER, t.object, 'USAGE')
            WHEN 'select' THEN NOT pg_catalog.has_table_privilege(CURRENT_USER, t.object, 'SELECT')
            WHEN 'execute' THEN NOT pg_catalog.has_function_privilege(CURRENT_USER, t.object, 'EXECUTE')
        END AS missing,
        CASE t.kind
            WHEN 'role' THEN pg_catalog.format('membership in %s', t.object)
            WHEN 'select' THEN pg_catalog.format('SELECT on %s', t.object)
            WHEN 'execute' THEN pg_catalog.format('EXECUTE on %s', t.object)
        END AS description) d
 WHERE d.missing
$$;

COMMENT ON FUNCTION compliance.missing_privileges(text[]) IS
    'The privileges of a check''s requires_privileges that the current role does not hold';

GRANT EXECUTE ON FUNCTION compliance.missing_privileges(text[])
    TO governance_admin, governance_dpo, governance_auditor;
