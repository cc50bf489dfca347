-- The context of this transaction, checked once for all four values. Nothing set: all
-- NULL. Values present but not sealed by set_context in this transaction: someone set the
-- custom settings by hand to impersonate an actor or tenant, which is refused rather than
-- ignored.
--
-- This is the one definer-rights layer of the context readers: current_actor(),
-- current_tenant(), ... are plain SQL around it, which the planner inlines, so an RLS
-- policy or an audit trigger pays for one function call and one HMAC per statement. Every
-- statement below is a plain expression (no query: the seal and its key are inlined into
-- it), which PL/pgSQL evaluates without the executor.
CREATE OR REPLACE FUNCTION governance.session_context(
    OUT actor text, OUT tenant text, OUT roles text[], OUT purpose text)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    seal       text := pg_catalog.current_setting('governance.context_seal', true);
    roles_text text := COALESCE(pg_catalog.current_setting('governance.roles', true), '');
BEGIN
    -- A custom setting that was set locally reads as '' (not NULL) after its transaction.
    actor   := COALESCE(pg_catalog.current_setting('governance.actor', true), '');
    tenant  := COALESCE(pg_catalog.current_setting('governance.tenant', true), '');
    purpose := COALESCE(pg_catalog.current_setting('governance.purpose', true), '');
    IF actor = '' AND tenant = '' AND purpose = '' AND roles_text = '' THEN
        actor := NULL; tenant := NULL; purpose := NULL;
        RETURN;
    END IF;
    IF seal IS NULL OR seal IS DISTINCT FROM governance.context_seal(actor, tenant, roles_text, purpose) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = 'governance context was changed outside governance.set_context()',
            HINT = 'Call governance.set_context() in this transaction instead of setting governance.* directly.';
    END IF;
    actor   := NULLIF(actor, '');
    tenant  := NULLIF(tenant, '');
    purpose := NULLIF(purpose, '');
    roles   := NULLIF(roles_text, '')::text[];
END
$$;

COMMENT ON FUNCTION governance.session_context() IS
    'The actor, tenant, roles and purpose set by governance.set_context in this transaction (all NULL when unset); a forged context raises 42501';

GRANT EXECUTE ON FUNCTION governance.session_context()
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
