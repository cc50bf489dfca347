-- Reads one context value after checking the seal. Nothing set: NULL. Values present
-- but not sealed by set_context in this transaction: someone set the custom settings
-- by hand to impersonate an actor or tenant, which is refused rather than ignored.
CREATE OR REPLACE FUNCTION governance.context_setting(setting_name text)
RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    actor   text := pg_catalog.current_setting('governance.actor', true);
    tenant  text := pg_catalog.current_setting('governance.tenant', true);
    roles   text := pg_catalog.current_setting('governance.roles', true);
    purpose text := pg_catalog.current_setting('governance.purpose', true);
    seal    text := pg_catalog.current_setting('governance.context_seal', true);
    value   text := pg_catalog.current_setting('governance.' || setting_name, true);
BEGIN
    -- A custom setting that was set locally reads as '' (not NULL) after its transaction.
    IF COALESCE(actor, '') = '' AND COALESCE(tenant, '') = '' AND COALESCE(roles, '') = ''
       AND COALESCE(purpose, '') = '' THEN
        RETURN NULL;
    END IF;
    IF seal IS NULL OR seal IS DISTINCT FROM governance.context_seal(
            COALESCE(actor, ''), COALESCE(tenant, ''), COALESCE(roles, ''), COALESCE(purpose, '')) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = 'governance context was changed outside governance.set_context()',
            HINT = 'Call governance.set_context() in this transaction instead of setting governance.* directly.';
    END IF;
    RETURN NULLIF(value, '');
END
$$;

COMMENT ON FUNCTION governance.context_setting(text) IS
    'Internal: a verified value of the session context (actor, tenant, roles, purpose)';
