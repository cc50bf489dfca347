-- Whether every role can SELECT from a relation: USAGE for PUBLIC on its schema and SELECT
-- for PUBLIC on the relation (a NULL ACL is the built-in default: owner only). Column
-- grants are the caller's to add (see views/public_readable_columns.sql).
CREATE OR REPLACE FUNCTION compliance.readable_by_public(rel regclass)
RETURNS boolean
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
SELECT EXISTS (SELECT FROM pg_catalog.pg_class t
                 JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace,
                      pg_catalog.aclexplode(coalesce(n.nspacl, pg_catalog.acldefault('n', n.nspowner))) s,
                      pg_catalog.aclexplode(coalesce(t.relacl, pg_catalog.acldefault('r', t.relowner))) r
                WHERE t.oid = rel
                  AND s.grantee = 0 AND s.privilege_type = 'USAGE'
                  AND r.grantee = 0 AND r.privilege_type = 'SELECT')
$$;

COMMENT ON FUNCTION compliance.readable_by_public(regclass) IS
    'True when PUBLIC has USAGE on the relation''s schema and SELECT on the relation';

GRANT EXECUTE ON FUNCTION compliance.readable_by_public(regclass) TO governance_admin, governance_dpo, governance_auditor;
