CREATE OR REPLACE FUNCTION governance.set_context(
    actor   text,
    tenant  text   DEFAULT NULL,
    roles   text[] DEFAULT NULL,
    purpose text   DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    roles_text text := CASE WHEN roles IS NULL THEN '' ELSE roles::text END;
BEGIN
    IF actor IS NULL OR pg_catalog.btrim(actor) = '' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'governance.set_context: actor must be a non-empty string',
            HINT = 'Pass the end user or service on whose behalf this transaction runs.';
    END IF;
    IF tenant = '' OR purpose = '' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'governance.set_context: tenant and purpose must be NULL or non-empty';
    END IF;
    IF pg_catalog.array_position(roles, NULL) IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = 'governance.set_context: roles must not contain NULL';
    END IF;

    -- Transaction-local (is_local => true): a pooled connection cannot leak one
    -- request's identity into the next transaction.
    PERFORM pg_catalog.set_config('governance.actor', actor, true);
    PERFORM pg_catalog.set_config('governance.tenant', COALESCE(tenant, ''), true);
    PERFORM pg_catalog.set_config('governance.roles', roles_text, true);
    PERFORM pg_catalog.set_config('governance.purpose', COALESCE(purpose, ''), true);
    PERFORM pg_catalog.set_config('governance.context_seal',
        governance.context_seal(actor, COALESCE(tenant, ''), roles_text, COALESCE(purpose, '')), true);
END
$$;

COMMENT ON FUNCTION governance.set_context(text, text, text[], text) IS
    'Sets the actor, tenant, roles and purpose of the current transaction for audit, RLS and access checks';

GRANT EXECUTE ON FUNCTION governance.set_context(text, text, text[], text)
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
