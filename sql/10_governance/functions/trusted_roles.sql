-- The roles whose code pg-governance's definer functions may run: superusers (who can do
-- anything anyway), the pack's owner (the owner of the governance schema, whoever asks),
-- and the roles it listed with governance.trust_owner (name and oid must both match: a
-- dropped role's oid could be reused).
-- PL/pgSQL, so that its plan is kept for the session (docs/development.md, hot helpers).
CREATE OR REPLACE FUNCTION governance.trusted_roles()
RETURNS oid[]
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN (
        SELECT ARRAY(
            SELECT r.oid FROM pg_catalog.pg_roles r
             WHERE r.rolsuper
                OR r.oid = (SELECT n.nspowner FROM pg_catalog.pg_namespace n WHERE n.nspname = 'governance')
                OR EXISTS (SELECT 1 FROM governance.trusted_owners t WHERE t.role_oid = r.oid AND t.role_name = r.rolname)));
END
$$;

COMMENT ON FUNCTION governance.trusted_roles() IS
    'The roles whose code pg-governance''s definer functions may run: superusers, the pack''s owner and the roles in governance.trusted_owners';

GRANT EXECUTE ON FUNCTION governance.trusted_roles()
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
