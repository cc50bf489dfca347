-- Whether a role holds a privilege (encrypt or decrypt) on a key, directly or through
-- membership in a grantee role, as table privileges are inherited.
CREATE OR REPLACE FUNCTION governance.encryption_authorised(key_id integer, privilege text, invoker text)
RETURNS boolean
LANGUAGE sql STABLE
AS $$
    SELECT EXISTS (
        SELECT 1 FROM governance.key_grants g
          JOIN pg_catalog.pg_roles r ON r.rolname = g.grantee
         WHERE g.key_id = encryption_authorised.key_id
           AND g.privilege = encryption_authorised.privilege
           AND pg_catalog.pg_has_role(invoker, r.oid, 'USAGE'))
$$;

COMMENT ON FUNCTION governance.encryption_authorised(integer, text, text) IS
    'Internal: true when the role may use the key for encrypt or decrypt';
