-- The `tenant` argument of erasure_plan, gdpr_forget and gdpr_export: sets the tenant of
-- the transaction's context through governance.set_context, so under its rules (a role
-- claims only the tenants it is bound to; docs/threat_model.md#identity-who-may-claim-which-actor-and-tenant),
-- keeping the actor, roles and purpose already set. Tenant isolation then shows the
-- subject's rows. Like set_context, it holds for the rest of the transaction. Internal:
-- not granted, the three functions call it.
CREATE OR REPLACE FUNCTION privacy.use_subject_tenant(tenant text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ctx record := governance.session_context();
BEGIN
    IF tenant IS NOT NULL THEN
        PERFORM governance.set_context(COALESCE(ctx.actor, SESSION_USER::pg_catalog.text), tenant, ctx.roles, ctx.purpose);
    END IF;
END
$$;

COMMENT ON FUNCTION privacy.use_subject_tenant(text) IS
    'Internal: sets the transaction''s tenant (governance.set_context rules) for the erasure functions'' tenant argument';
