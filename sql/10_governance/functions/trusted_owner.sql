-- Whether pg-governance's definer functions may run code owned by a role: superusers (who
-- can do anything anyway), the pack's owner (the owner of the governance schema, whoever
-- calls this), and the roles it listed with governance.trust_owner.
CREATE OR REPLACE FUNCTION governance.trusted_owner(role oid)
RETURNS boolean
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT EXISTS (
        SELECT FROM pg_catalog.pg_roles r
         WHERE r.oid = role
           AND (r.rolsuper
                OR r.oid = (SELECT n.nspowner FROM pg_catalog.pg_namespace n WHERE n.nspname = 'governance')
                OR EXISTS (SELECT FROM governance.trusted_owners t WHERE t.role_oid = r.oid AND t.role_name = r.rolname)))
$$;

COMMENT ON FUNCTION governance.trusted_owner(oid) IS
    'Whether pg-governance''s definer functions may run code owned by the role: a superuser, the pack''s owner or a role in governance.trusted_owners';

GRANT EXECUTE ON FUNCTION governance.trusted_owner(oid)
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
