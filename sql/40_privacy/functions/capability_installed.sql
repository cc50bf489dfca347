-- Whether another capability's function is installed: it exists and belongs to the role
-- that owns this pack. The erasure functions run with that role's rights; a function of
-- the same name planted by someone else (who created a schema `audit` before the audit
-- capability was installed) must never be called from them.
-- PL/pgSQL, so that its plan is kept for the session (docs/development.md, hot helpers).
CREATE OR REPLACE FUNCTION privacy.capability_installed(signature text)
RETURNS boolean
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN (
        SELECT EXISTS (
            SELECT 1 FROM pg_catalog.pg_proc p
             WHERE p.oid = pg_catalog.to_regprocedure(signature)
               AND p.proowner = (SELECT n.nspowner FROM pg_catalog.pg_namespace n WHERE n.nspname = 'privacy')));
END
$$;

COMMENT ON FUNCTION privacy.capability_installed(text) IS
    'Internal: true when the function exists and is owned by the owner of the pack (a capability, not a look-alike)';
