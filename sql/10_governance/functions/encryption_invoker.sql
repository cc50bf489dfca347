-- The role on whose behalf a definer-rights function runs: CURRENT_USER is the definer
-- there, but the role setting (SET ROLE) and the session user are not changed by
-- SECURITY DEFINER. Key grants are checked against this role.
CREATE OR REPLACE FUNCTION governance.encryption_invoker()
RETURNS text
LANGUAGE sql STABLE
AS $$ SELECT COALESCE(NULLIF(pg_catalog.current_setting('role'), 'none'), SESSION_USER::text) $$;

COMMENT ON FUNCTION governance.encryption_invoker() IS
    'Internal: the role (after SET ROLE) calling the encryption functions';
