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
    -- One expression for the four settings: PL/pgSQL pays per statement, and this runs
    -- once per statement of every isolated query.
    setting text[] := ARRAY[pg_catalog.current_setting('governance.actor', true),
                            pg_catalog.current_setting('governance.tenant', true),
                            pg_catalog.current_setting('governance.roles', true),
                            pg_catalog.current_setting('governance.purpose', true)];
BEGIN
    -- A custom setting that was set locally reads as '' (not NULL) after its transaction;
    -- array_to_string skips the NULLs of settings never set.
    IF pg_catalog.array_to_string(setting, '') = '' THEN
        RETURN;
    END IF;
    IF pg_catalog.current_setting('governance.context_seal', true) IS DISTINCT FROM governance.context_seal(
            COALESCE(setting[1], ''), COALESCE(setting[2], ''), COALESCE(setting[3], ''), COALESCE(setting[4], '')) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = 'governance context was changed outside governance.set_context()',
            HINT = 'Call governance.set_context() in this transaction instead of setting governance.* directly.';
    END IF;
    actor   := NULLIF(setting[1], '');
    tenant  := NULLIF(setting[2], '');
    roles   := NULLIF(setting[3], '')::text[];
    purpose := NULLIF(setting[4], '');
END
$$;

COMMENT ON FUNCTION governance.session_context() IS
    'The actor, tenant, roles and purpose set by governance.set_context in this transaction (all NULL when unset); a forged context raises 42501';

GRANT EXECUTE ON FUNCTION governance.session_context()
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
